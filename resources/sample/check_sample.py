# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: Update Inspector contributors
"""Sanity checks for sample-updates.jsonl (stdlib only): python3 check_sample.py [FILE]"""
import json
import sys
from pathlib import Path

KINDS = {
    "message", "edited_message", "channel_post", "edited_channel_post", "business_connection",
    "business_message", "edited_business_message", "deleted_business_messages", "guest_message",
    "message_reaction", "message_reaction_count", "inline_query", "chosen_inline_result",
    "callback_query", "shipping_query", "pre_checkout_query", "purchased_paid_media", "poll",
    "poll_answer", "my_chat_member", "chat_member", "chat_join_request", "chat_boost",
    "removed_chat_boost", "managed_bot",
}  # the 25 Update fields of Bot API 10.1
FIRST_ID = 734120001
NEW_MESSAGES = {"message", "channel_post", "business_message", "guest_message"}


def need(condition, message):
    if not condition:  # not `assert`: the checks must also run under python3 -O
        sys.exit(f"check_sample: {message}")


def check_entities(node, where):
    """Every (caption_)entities list must fit its text in UTF-16 units; bot_command ones start with '/'."""
    children = node if isinstance(node, list) else list(node.values()) if isinstance(node, dict) else []
    for text_key, ents_key in (("text", "entities"), ("caption", "caption_entities")):
        for e in node.get(ents_key, []) if isinstance(node, dict) else []:
            units = node[text_key].encode("utf-16-le")
            need(e["offset"] >= 0 and e["length"] > 0, f"{where}: bad entity {e}")
            need(e["offset"] + e["length"] <= len(units) // 2, f"{where}: entity past the end {e}")
            try:
                part = units[2 * e["offset"]:2 * (e["offset"] + e["length"])].decode("utf-16-le")
            except UnicodeDecodeError:
                need(False, f"{where}: entity splits a surrogate pair {e}")
            need(e["type"] != "bot_command" or part.startswith("/"), f"{where}: bot_command is {part!r}")
    for child in children:
        check_entities(child, where)


def main(path):
    lines = path.read_text(encoding="utf-8").split("\n")
    need(lines[-1] == "" and all(lines[:-1]), "expected one update per line and a final newline")
    need(55 <= len(lines) - 1 <= 80, f"expected 55..80 updates, got {len(lines) - 1}")
    seen, last_id, last_date, last_msg = set(), FIRST_ID - 1, 0, {}
    for n, line in enumerate(lines[:-1], 1):
        where = f"line {n}"
        need(line == line.strip(), f"{where}: stray whitespace")
        try:
            update = json.loads(line)
        except ValueError as error:
            need(False, f"{where}: not JSON ({error})")
        need(isinstance(update, dict) and list(update)[:1] == ["update_id"], f"{where}: update_id not first")
        need(len(update) == 2, f"{where}: expected exactly one field besides update_id")
        uid, kind = update["update_id"], list(update)[1]
        need(kind in KINDS, f"{where}: unknown update kind {kind!r}")
        need(uid == last_id + 1, f"{where}: update_id {uid} does not follow {last_id}")
        payload = update[kind]
        # Edits come right after their original, so plain `date`s stay ordered as well as edit dates.
        stamps = [payload.get(k) for k in ("date", "edit_date", "remove_date")]
        for stamp in filter(None, stamps + [payload.get("boost", {}).get("add_date")]):
            need(stamp >= last_date, f"{where}: date {stamp} goes back in time")
            last_date = stamp
        if kind in NEW_MESSAGES:
            chat = (payload["chat"]["id"], payload.get("business_connection_id"))
            need(payload["message_id"] > last_msg.get(chat, 0), f"{where}: message_id not increasing in chat")
            last_msg[chat] = payload["message_id"]
        if kind == "callback_query" and "reply_markup" in payload.get("message", {}):
            buttons = [b for row in payload["message"]["reply_markup"]["inline_keyboard"] for b in row]
            need(payload["data"] in {b.get("callback_data") for b in buttons}, f"{where}: unknown data")
        check_entities(payload, where)
        seen.add(kind)
        last_id = uid
    need(seen == KINDS, f"missing kinds: {sorted(KINDS - seen)}")
    print(f"{path.name}: {len(lines) - 1} updates, all {len(KINDS)} kinds present, OK")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("sample-updates.jsonl"))
