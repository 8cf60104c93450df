#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: Update Inspector contributors
"""An echo bot on python-telegram-bot in polling mode: the real bot library the emulator is tested
with. /start answers with an inline button, text is echoed, a button press is answered "pong".

usage: ECHO_BOT_TOKEN=... echo_bot.py --api-url http://127.0.0.1:PORT
"""
import argparse
import logging
import os

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (Application, CallbackQueryHandler, CommandHandler, ContextTypes,
                          MessageHandler, filters)


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Ping", callback_data="ping")]])
    await update.message.reply_text("Hello! Send me text and I echo it.", reply_markup=keyboard)


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.message.reply_text(update.message.text)


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.callback_query.answer(text="pong")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--api-url", required=True, help="the emulator's base URL")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    application = (Application.builder()
                   .token(os.environ["ECHO_BOT_TOKEN"])  # from the environment: not in `ps`
                   .base_url(args.api_url + "/bot")
                   # On shutdown the library confirms the last updates with one more getUpdates,
                   # which waits for the pending long poll's connection: give it time.
                   .get_updates_pool_timeout(5)
                   .build())
    application.add_handler(CommandHandler("start", start))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    application.add_handler(CallbackQueryHandler(button))
    print("echo bot polling", flush=True)
    application.run_polling(poll_interval=0, timeout=2)


if __name__ == "__main__":
    main()
