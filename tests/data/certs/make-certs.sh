#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Regenerates the certificate fixtures of tests/botapi/tst_webhookpreflight.cpp (public
# certificates only: the private keys are thrown away). Run inside the project's environment:
#   scripts/in-env tests/data/certs/make-certs.sh
set -euo pipefail
cd "$(dirname "$0")"
keys=$(mktemp -d)
trap 'rm -rf "$keys"' EXIT
century=36500 # valid for 100 years, so the fixtures do not rot

selfsigned() { # NAME SUBJECT [openssl req options...]
    local name=$1 subject=$2
    shift 2
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$keys/$name.key" -subj "$subject" "$@" \
        -out "$name.pem" 2>/dev/null
}

selfsigned selfsigned-dns /CN=bot.example.com -days $century \
    -addext "subjectAltName=DNS:bot.example.com,DNS:*.hooks.example.com,IP:203.0.113.10"
selfsigned selfsigned-cn-only /CN=cn-only.example.net -days $century
selfsigned selfsigned-ip-cn /CN=198.51.100.7 -days $century
selfsigned expired /CN=bot.example.com -not_before 20000101000000Z -not_after 20010101000000Z \
    -addext "subjectAltName=DNS:bot.example.com"
selfsigned ca "/CN=Update Inspector Test CA" -days $century
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$keys/ca-signed.key" -subj /CN=bot.example.com \
    -CA ca.pem -CAkey "$keys/ca.key" -days $century -addext "subjectAltName=DNS:bot.example.com" \
    -out ca-signed.pem 2>/dev/null
