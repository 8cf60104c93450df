-- SPDX-License-Identifier: MIT
-- wrk script for bench/run-listener-bench: POSTs a ~600-byte Telegram update, as the service
-- sends it (a newline after "update_id":N,), with a fresh update_id each time so the listener
-- journals every one (a repeated id would be answered as a redelivery and not stored).
local secret = os.getenv("BENCH_SECRET") or "bench-secret"
local path = os.getenv("BENCH_PATH") or "/hook"
local static = os.getenv("BENCH_STATIC") == "1"
local counter = 0
local headers = {
  ["Content-Type"] = "application/json",
  ["X-Telegram-Bot-Api-Secret-Token"] = secret,
}
local tail = ',\n"message":{"message_id":4242,"from":{"id":100000001,"is_bot":false,' ..
  '"first_name":"Alice","last_name":"Example","username":"alice_example","language_code":"en"},' ..
  '"chat":{"id":100000001,"first_name":"Alice","last_name":"Example","username":"alice_example",' ..
  '"type":"private"},"date":1700000000,"text":"Hello there, this is a benchmark message of a ' ..
  'realistic length, padded so that the whole update is about six hundred bytes long as many ' ..
  'real ones are, with an entity too.","entities":[{"offset":0,"length":5,"type":"bold"}]}}'

if static then
  wrk.method = "POST"
  wrk.path = path
  wrk.headers = headers
  wrk.body = '{"update_id":1' .. tail
else
  request = function()
    counter = counter + 1
    return wrk.format("POST", path, headers, '{"update_id":' .. counter .. tail)
  end
end
