# -*- coding: utf-8 -*-
# Copyright: clawops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A small, dependency-free JSON5 reader (the format of openclaw.json).

Modules run on the managed host, where the ``json5`` package is not installed, so this reads what
OpenClaw accepts: comments, trailing commas, unquoted (identifier) keys, single-quoted strings, line
continuations, hex numbers, leading/trailing decimal points, ``+`` signs, Infinity and NaN.
Parity with the reference ``json5`` package is tested on every documentation example.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import math
import re


class JSON5Error(ValueError):
    def __init__(self, message, text, pos):
        line = text.count("\n", 0, pos) + 1
        col = pos - (text.rfind("\n", 0, pos) + 1) + 1
        super(JSON5Error, self).__init__("%s at line %d column %d" % (message, line, col))
        self.line = line
        self.column = col


_WS = u" \t\n\r\x0b\x0c\xa0\ufeff\u2028\u2029\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
      u"\u202f\u205f\u3000"
_NUMBER = re.compile(r"[+-]?(?:Infinity|NaN|0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)")
_IDENT = re.compile(r"(?:[\w$\u200c\u200d]|[^\x00-\x7f\s])*")


def _ident_start(ch):
    return ch.isalpha() or ch in "_$" or (ord(ch) > 127 and (ch + "a").isidentifier())


_ESCAPES = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "0": "\0",
            "'": "'", '"': '"', "\\": "\\", "/": "/"}


class _Parser(object):
    def __init__(self, text):
        self.text = text
        self.pos = 0

    def fail(self, message):
        raise JSON5Error(message, self.text, self.pos)

    def skip(self):
        text = self.text
        while self.pos < len(text):
            ch = text[self.pos]
            if ch in _WS:
                self.pos += 1
            elif text.startswith("//", self.pos):
                end = text.find("\n", self.pos)
                self.pos = len(text) if end < 0 else end + 1
            elif text.startswith("/*", self.pos):
                end = text.find("*/", self.pos + 2)
                if end < 0:
                    self.fail("unterminated comment")
                self.pos = end + 2
            else:
                break

    def peek(self):
        self.skip()
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def value(self):
        ch = self.peek()
        if ch == "{":
            return self.obj()
        if ch == "[":
            return self.arr()
        if ch in "\"'":
            return self.string()
        for word, val in (("true", True), ("false", False), ("null", None)):
            if self.text.startswith(word, self.pos) and not _IDENT.match(self.text, self.pos + len(word)).group(0):
                self.pos += len(word)
                return val
        match = _NUMBER.match(self.text, self.pos)
        if match and match.group(0) not in ("+", "-"):
            self.pos = match.end()
            return _number(match.group(0))
        self.fail("unexpected character %r" % ch if ch else "unexpected end of input")

    def obj(self):
        self.pos += 1
        result = {}
        while True:
            ch = self.peek()
            if ch == "}":
                self.pos += 1
                return result
            if ch in "\"'":
                key = self.string()
            elif ch and (_ident_start(ch) or ch == "\\"):
                start = self.pos
                self.pos += 1
                self.pos = _IDENT.match(self.text, self.pos).end()
                key = self.text[start:self.pos]
            else:
                self.fail("expected a key")
            if self.peek() != ":":
                self.fail("expected ':'")
            self.pos += 1
            result[key] = self.value()
            ch = self.peek()
            if ch == ",":
                self.pos += 1
            elif ch != "}":
                self.fail("expected ',' or '}'")

    def arr(self):
        self.pos += 1
        result = []
        while True:
            if self.peek() == "]":
                self.pos += 1
                return result
            result.append(self.value())
            ch = self.peek()
            if ch == ",":
                self.pos += 1
            elif ch != "]":
                self.fail("expected ',' or ']'")

    def string(self):
        quote = self.text[self.pos]
        self.pos += 1
        out = []
        text = self.text
        while True:
            if self.pos >= len(text):
                self.fail("unterminated string")
            ch = text[self.pos]
            if ch == quote:
                self.pos += 1
                return "".join(out)
            if ch == "\\":
                self.pos += 1
                esc = text[self.pos:self.pos + 1]
                if esc in ("\n", "\u2028", "\u2029"):
                    self.pos += 1
                elif esc == "\r":
                    self.pos += 2 if text[self.pos + 1:self.pos + 2] == "\n" else 1
                elif esc == "x":
                    out.append(chr(int(text[self.pos + 1:self.pos + 3], 16)))
                    self.pos += 3
                elif esc == "u":
                    code = int(text[self.pos + 1:self.pos + 5], 16)
                    self.pos += 5
                    if 0xD800 <= code < 0xDC00 and text.startswith("\\u", self.pos):
                        low = int(text[self.pos + 2:self.pos + 6], 16)
                        if 0xDC00 <= low < 0xE000:
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                            self.pos += 6
                    out.append(chr(code))
                else:
                    out.append(_ESCAPES.get(esc, esc))
                    self.pos += 1
            elif ch in "\n\r":
                self.fail("unescaped line break in string")
            else:
                out.append(ch)
                self.pos += 1


def _number(token):
    sign = -1 if token.startswith("-") else 1
    body = token.lstrip("+-")
    if body == "Infinity":
        return sign * float("inf")
    if body == "NaN":
        return float("nan")
    if body[:2] in ("0x", "0X"):
        return sign * int(body, 16)
    if re.match(r"^\d+$", body):
        return sign * int(body)
    value = float(body)
    return sign * value if not math.isnan(value) else value


def loads(text):
    """Parse a JSON5 document."""
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    parser = _Parser(text)
    result = parser.value()
    parser.skip()
    if parser.pos != len(text):
        parser.fail("unexpected trailing content")
    return result
