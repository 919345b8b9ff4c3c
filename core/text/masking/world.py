"""Personal data in shapes from outside mainland China's mobile/ID/card set: international phone
numbers, foreign ID numbers, IP addresses, IBANs, crypto wallet addresses and Western street
addresses. Detectors yield ``(kind, start, end)``; surrogates keep the shape (separators, letter
case, country code, length) and the checksum where the original has a valid one.

Every detector here is shape-first but fenced: a number is never cut out of a longer run of
digits or an alphanumeric code, and shapes that ordinary text also has (a 3-3-4 number, a
dotted quad) are checked further (area ranges, octets ≤ 255, a parseable IPv6 address).
"""

from __future__ import annotations

import hashlib
import ipaddress
import random
import re
import string
from collections.abc import Collection, Iterator

Candidate = tuple[str, int, int]

_BEFORE = r"(?<![0-9A-Za-z])"
_AFTER = r"(?![0-9A-Za-z])"

# ---- phone numbers with a country code, and North American numbers -----------------------------

# +CC or 00CC, then 2-5 groups of digits joined by single spaces, dashes, dots or brackets.
_INTL_PHONE = re.compile(
    r"(?<![0-9A-Za-z+])(?P<cc>\+[1-9][0-9]{0,2}|00[1-9][0-9]{0,2}(?=[ .-]))"
    r"(?:[ .-]?\(0?[0-9]{1,4}\))?(?:[ .-]?[0-9]{1,5}){1,6}" + _AFTER
)
# (415) 555-0123, 415-555-0123, 415.555.0123: area and exchange never start with 0 or 1.
_NANP = re.compile(
    r"(?<![0-9A-Za-z+(-])(?:\((?P<a1>[2-9][0-9]{2})\) ?|(?P<a2>[2-9][0-9]{2})(?P<s>[-.]))"
    r"[2-9][0-9]{2}[-.][0-9]{4}(?![0-9A-Za-z]|[-.][0-9])"
)


def _phones(text: str, kinds: Collection[str]) -> Iterator[Candidate]:
    if "+" in text or "00" in text:
        for m in _INTL_PHONE.finditer(text):
            digits = sum(c.isdigit() for c in m.group())
            if 8 <= digits <= 16:
                yield "phone_intl", m.start(), m.end()
    if "-" in text or ")" in text or "." in text:
        for m in _NANP.finditer(text):
            yield "phone_intl", m.start(), m.end()


# ---- foreign ID numbers --------------------------------------------------------------------------

# US SSN: never area 000, 666 or 9xx, never group 00 or serial 0000 (SSA rules).
_SSN = re.compile(rf"{_BEFORE}(?!000|666|9)[0-9]{{3}}-(?!00)[0-9]{{2}}-(?!0000)[0-9]{{4}}(?![0-9A-Za-z]|-[0-9])")
# UK National Insurance number: two letters (not D F I Q U V; second not O), 6 digits, A-D.
_NINO = re.compile(
    rf"{_BEFORE}(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
    rf"(?P<s> ?)[0-9]{{2}}(?P=s)[0-9]{{2}}(?P=s)[0-9]{{2}}(?P=s)[A-D]{_AFTER}"
)
# Hong Kong identity card: one or two letters, six digits, check character in brackets.
_HKID = re.compile(rf"{_BEFORE}[A-Z]{{1,2}}[0-9]{{6}}[(（][0-9A][)）]")
# Taiwan ID: a letter, 1 or 2 (sex; 8/9 for residents), eight digits.
_TWID = re.compile(rf"{_BEFORE}[A-Z][1289][0-9]{{8}}{_AFTER}")
# A passport number is only a passport number when the text says so.
_PASSPORT = re.compile(
    r"(?:护照|passport|Passport|PASSPORT|通行证)[^0-9A-Za-z\n]{0,12}?(?:(?:No|no|NO|号码|号)\.?[^0-9A-Za-z\n]{0,4})?"
    r"(?P<value>(?<![0-9A-Za-z])[A-Z]{1,2}[0-9]{6,9}(?![0-9A-Za-z]))"
)


def _foreign_ids(text: str, kinds: Collection[str]) -> Iterator[Candidate]:
    if "-" in text:
        for m in _SSN.finditer(text):
            yield "foreign_id", m.start(), m.end()
    if not _has_upper(text):
        return  # the other shapes start with capital letters
    for pattern in (_NINO, _HKID, _TWID):
        for m in pattern.finditer(text):
            yield "foreign_id", m.start(), m.end()
    if "护照" in text or "assport" in text or "ASSPORT" in text or "通行证" in text:
        for m in _PASSPORT.finditer(text):
            yield "foreign_id", m.start("value"), m.end("value")


def _has_upper(text: str) -> bool:
    # one pass in C; far cheaper than a regex walking Chinese text
    return text != text.lower()


# ---- IP addresses --------------------------------------------------------------------------------

_IPV4 = re.compile(r"(?<![0-9A-Za-z.])(?:[0-9]{1,3}\.){3}[0-9]{1,3}(?![0-9A-Za-z]|\.[0-9])")
_IPV6 = re.compile(r"(?<![0-9A-Za-z:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|(?:[0-9]{1,3}\.){3}[0-9]{1,3})?"
                   r"(?![0-9A-Za-z:])")


def _is_ipv4(s: str) -> bool:
    parts = s.split(".")
    return all(p == "0" or (not p.startswith("0") and int(p) <= 255) for p in parts)


# A version number written like an address (版本 1.2.3.4, v10.0.19045.1, Build 6.1.7601.1): a
# version word just before it, or a v right against it.
_VERSION_CUE = re.compile(r"(?:版本号?|固件|(?<![A-Za-z])(?:version|ver\.?|build|v))\s*[:：]?\s*$", re.IGNORECASE)


def _ips(text: str, kinds: Collection[str]) -> Iterator[Candidate]:
    if text.count(".") >= 3:
        for m in _IPV4.finditer(text):
            if _is_ipv4(m.group()) and _VERSION_CUE.search(text, max(0, m.start() - 12), m.start()) is None:
                yield "ip", m.start(), m.end()
    if "::" in text or text.count(":") >= 7:
        for m in _IPV6.finditer(text):
            s = m.group()
            # a clock time (10:30:00) is no address: an IPv6 address has a '::' or 8 groups
            if ("::" in s or s.count(":") == 7) and len(s) >= 6 and any(c.isdigit() for c in s):
                try:
                    ipaddress.IPv6Address(s)
                except ValueError:
                    continue
                yield "ip", m.start(), m.end()


# ---- IBAN ----------------------------------------------------------------------------------------

# Lengths of IBANs by country (ISO 13616 registry, the common ones); others: 15-34.
IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AT": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29, "CH": 21, "CY": 28, "CZ": 24,
    "DE": 22, "DK": 18, "EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GR": 27, "HR": 21, "HU": 28,
    "IE": 22, "IL": 23, "IS": 26, "IT": 27, "KW": 30, "KZ": 20, "LI": 21, "LT": 20, "LU": 20, "LV": 21,
    "MC": 27, "MT": 31, "NL": 18, "NO": 15, "PL": 28, "PT": 25, "QA": 29, "RO": 24, "SA": 24, "SE": 24,
    "SI": 19, "SK": 24, "SM": 27, "TR": 26, "UA": 29, "AL": 28, "AZ": 28, "BA": 20, "CR": 22, "DO": 28,
    "EG": 29, "FO": 18, "GE": 22, "GI": 23, "GL": 18, "GT": 28, "JO": 30, "LB": 28, "MD": 24, "ME": 22,
    "MK": 19, "MR": 27, "MU": 30, "PK": 24, "PS": 29, "RS": 22, "TN": 24, "VG": 24, "XK": 20,
}
_IBAN = re.compile(
    rf"{_BEFORE}(?P<cc>[A-Z]{{2}})[0-9]{{2}}(?:(?P<s> ?)[A-Z0-9]{{4}}(?:(?P=s)[A-Z0-9]{{4}}){{1,6}}"
    rf"(?:(?P=s)[A-Z0-9]{{1,3}})?){_AFTER}"
)


def iban_checksum_ok(iban: str) -> bool:
    s = iban.replace(" ", "").upper()
    moved = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


def _iban_check_digits(country: str, bban: str) -> str:
    moved = bban + country + "00"
    return f"{98 - int(''.join(str(int(c, 36)) for c in moved)) % 97:02d}"


# Typed in lower case (gb82 west 1234 …, de8937…): taken only when the check digits pass, as
# lower-case letters and digits are far more common in free text than upper-case ones.
_IBAN_LOWER = re.compile(
    rf"{_BEFORE}(?P<cc>[a-z]{{2}})[0-9]{{2}}(?:(?P<s> ?)[a-z0-9]{{4}}(?:(?P=s)[a-z0-9]{{4}}){{1,6}}"
    rf"(?:(?P=s)[a-z0-9]{{1,3}})?){_AFTER}"
)


def _ibans(text: str, kinds: Collection[str]) -> Iterator[Candidate]:
    for pattern, checked in ((_IBAN, False), (_IBAN_LOWER, True)):
        if not checked and not _has_upper(text):
            continue
        for m in pattern.finditer(text):
            compact = m.group().replace(" ", "").upper()
            # only countries with a known length: SF0357… is a SF Express waybill, not an IBAN
            if (IBAN_LENGTHS.get(m["cc"].upper()) == len(compact) and sum(c.isdigit() for c in compact[4:]) >= 6
                    and (not checked or iban_checksum_ok(compact))):
                yield "iban", m.start(), m.end()


# ---- crypto wallet addresses ---------------------------------------------------------------------

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_ETH = re.compile(rf"{_BEFORE}0x[0-9a-fA-F]{{40}}{_AFTER}")
_BTC_LEGACY = re.compile(rf"{_BEFORE}[13][{_B58}]{{25,34}}{_AFTER}")
_BTC_BECH32 = re.compile(rf"{_BEFORE}(?:bc1|BC1)[{_BECH32}]{{11,71}}{_AFTER}")
_TRON = re.compile(rf"{_BEFORE}T[{_B58}]{{33}}{_AFTER}")


def _mixed_base58(s: str) -> bool:
    """A random base58 string has upper case, lower case and digits; an English word or a code
    such as 1ABCDEFGHJKLMNPQRSTUVWXYZ does not."""
    return any(c.isupper() for c in s) and any(c.islower() for c in s) and sum(c.isdigit() for c in s) >= 2


def _wallets(text: str, kinds: Collection[str]) -> Iterator[Candidate]:
    if "0x" in text:
        for m in _ETH.finditer(text):
            yield "wallet", m.start(), m.end()
    if "bc1" in text or "BC1" in text:
        for m in _BTC_BECH32.finditer(text):
            yield "wallet", m.start(), m.end()
    if not _has_upper(text):
        return
    for pattern in (_BTC_LEGACY, _TRON):
        for m in pattern.finditer(text):
            if _mixed_base58(m.group()[1:]) or _b58check_ok(m.group()):
                yield "wallet", m.start(), m.end()


# ---- Western street addresses --------------------------------------------------------------------

STREET_SUFFIXES = ("Street", "St", "Avenue", "Ave", "Road", "Rd", "Boulevard", "Blvd", "Lane", "Ln", "Drive",
                   "Dr", "Way", "Court", "Ct", "Place", "Pl", "Terrace", "Close", "Crescent", "Parkway",
                   "Pkwy", "Highway", "Hwy", "Square", "Sq", "Row", "Gardens", "Grove", "Hill")
_SUFFIX_RE = "|".join(sorted(STREET_SUFFIXES, key=len, reverse=True))
_WORD = r"(?:[A-Z][a-z]+|[A-Z]\.|[0-9]{1,3}(?:st|nd|rd|th)|O'[A-Z][a-z]+|Mc[A-Z][a-z]+)"
_WESTERN_ADDRESS = re.compile(
    rf"(?<![0-9A-Za-z,])(?P<num>[0-9]{{1,5}}[A-Za-z]?(?:-[0-9]{{1,5}})?),? (?P<name>{_WORD}(?: {_WORD}){{0,3}}) "
    rf"(?P<suffix>{_SUFFIX_RE})\.?(?P<dir> (?:N|S|E|W|NE|NW|SE|SW))?(?![A-Za-z])"
    r"(?P<unit>,? (?:Apt|Apartment|Suite|Ste|Unit|Flat|Room|Floor|Fl)\.? ?#?[0-9]{1,5}[A-Za-z]?|,? #[0-9]{1,5}[A-Za-z]?)?"
    r"(?P<place>(?:,? (?P<city>[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}))?"
    r"(?:,? (?P<state>[A-Z]{2}) (?P<zip>[0-9]{5}(?:-[0-9]{4})?)"
    r"|,? (?P<postcode>[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2})))?"
    r"(?![0-9A-Za-z])"
)
_SUFFIX_PRECHECK = re.compile(rf"[0-9][A-Za-z]?,? [^\n]{{0,40}}?\b(?:{_SUFFIX_RE})\b")


def _western_addresses(text: str, kinds: Collection[str]) -> Iterator[Candidate]:
    if not _has_upper(text) or _SUFFIX_PRECHECK.search(text) is None:
        return
    for m in _WESTERN_ADDRESS.finditer(text):
        yield "address_en", m.start(), m.end()


DETECTORS = (("phone_intl", _phones), ("foreign_id", _foreign_ids), ("ip", _ips), ("iban", _ibans),
             ("wallet", _wallets), ("address_en", _western_addresses))


# ---- normalisation -------------------------------------------------------------------------------

def normalise(kind: str, raw: str) -> str:
    if kind == "phone_intl":
        digits = re.sub(r"[^0-9+]", "", raw)
        return "+" + digits[2:] if digits.startswith("00") else digits
    if kind in ("foreign_id", "iban"):
        return re.sub(r"[ ()（）]", "", raw).upper()
    if kind == "ip":
        return raw.lower()
    return raw  # wallets are case-sensitive; addresses stay as written


# ---- surrogates ----------------------------------------------------------------------------------

def _same_shape_digits(rng: random.Random, text: str, keep: int = 0) -> str:
    """Every digit after the first ``keep`` ones replaced; separators and letters stay."""
    out, seen = [], 0
    for c in text:
        if c.isdigit():
            seen += 1
            out.append(c if seen <= keep else rng.choice(string.digits))
        else:
            out.append(c)
    return "".join(out)


def fake_phone_intl(rng: random.Random, raw: str) -> str:
    """The same country code and layout; the number after it is new (never starting with 0 where
    the original did not)."""
    m = re.match(r"\+[0-9]+|00[0-9]+", raw)
    keep = len(m.group().lstrip("+")) if m else 0
    out = _same_shape_digits(rng, raw, keep)
    first = next((i for i, c in enumerate(out) if c.isdigit() and sum(d.isdigit() for d in out[:i + 1]) > keep), None)
    if first is not None and out[first] in "01" and raw[first] not in "01":
        out = out[:first] + str(rng.randint(2, 9)) + out[first + 1:]
    if m is None:  # a North American number: area and exchange start with 2-9
        out = re.sub(r"(?<![0-9])[01](?=[0-9]{2}[-.) ])", lambda _: str(rng.randint(2, 9)), out)
    return out


def _hkid_check(letters: str, digits: str) -> str:
    values = [36] * (2 - len(letters)) + [ord(c) - 55 for c in letters] + [int(d) for d in digits]
    total = sum(v * w for v, w in zip(values, range(9, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    return "A" if check == 10 else str(check)


_TW_LETTERS = "ABCDEFGHJKLMNPQRSTUVXYWZIO"  # 10 … 35 in this order


def _twid_check(letter: str, body: str) -> str:
    n = _TW_LETTERS.index(letter) + 10
    values = [n // 10, n % 10] + [int(c) for c in body]
    total = sum(v * w for v, w in zip(values, (1, 9, 8, 7, 6, 5, 4, 3, 2, 1), strict=True))
    return str((10 - total % 10) % 10)


def _ssn_ok(area: str, group: str, serial: str) -> bool:
    return area not in ("000", "666") and area[0] != "9" and group != "00" and serial != "0000"


def fake_foreign_id(rng: random.Random, raw: str) -> str:
    if m := re.fullmatch(r"[0-9]{3}-[0-9]{2}-[0-9]{4}", raw):  # SSN
        while True:
            fake = _same_shape_digits(rng, raw)
            a, g, s = fake.split("-")
            if _ssn_ok(a, g, s):
                return fake
    if m := re.fullmatch(r"([A-Z]{1,2})([0-9]{6})([(（])([0-9A])([)）])", raw):  # Hong Kong
        digits = _digits(rng, 6)
        valid = _hkid_check(m[1], m[2]) == m[4]
        check = _hkid_check(m[1], digits) if valid else rng.choice(string.digits)
        return f"{m[1]}{digits}{m[3]}{check}{m[5]}"
    if m := re.fullmatch(r"([A-Z])([1289])([0-9]{7})([0-9])", raw):  # Taiwan
        body = m[2] + _digits(rng, 7)
        valid = _twid_check(m[1], m[2] + m[3]) == m[4]
        return m[1] + body + (_twid_check(m[1], body) if valid else rng.choice(string.digits))
    # NINO, passports: same letters, new digits (the first never 0 where it was not)
    out = _same_shape_digits(rng, raw)
    i = next((i for i, c in enumerate(out) if c.isdigit()), None)
    if i is not None and out[i] == "0" and raw[i] != "0":
        out = out[:i] + str(rng.randint(1, 9)) + out[i + 1:]
    return out


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def fake_ip(rng: random.Random, raw: str) -> str:
    """IPv4: a private address stays private (10.x, 192.168.x, 172.16-31.x), any other becomes
    one from the documentation ranges (192.0.2.x, 198.51.100.x, 203.0.113.x), which route
    nowhere. IPv6: the same layout of groups with new hex digits (upper case kept)."""
    if "." in raw and ":" not in raw:
        a = ipaddress.IPv4Address(raw)
        if a.is_private and raw.startswith("10."):
            return f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        if a.is_private and raw.startswith("192.168."):
            return f"192.168.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        if a.is_private and raw.startswith("172."):
            return f"172.{rng.randint(16, 31)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        net = rng.choice(("192.0.2", "198.51.100", "203.0.113"))
        return f"{net}.{rng.randint(1, 254)}"
    hexdigits = "0123456789ABCDEF" if any(c in "ABCDEF" for c in raw) else "0123456789abcdef"
    out = []
    for c in raw:
        out.append(rng.choice(hexdigits) if c in string.hexdigits else c)
    fake = "".join(out)
    try:
        ipaddress.IPv6Address(fake)
    except ValueError:
        return "2001:db8::" + "".join(rng.choice("0123456789abcdef") for _ in range(4))
    return fake


def fake_iban(rng: random.Random, raw: str) -> str:
    """Same country and length, letters where the original has letters (a bank code), new
    digits; valid check digits when the original's are valid."""
    compact = raw.replace(" ", "").upper()
    country = compact[:2]
    bban = "".join(rng.choice(string.ascii_uppercase) if c.isalpha() else rng.choice(string.digits)
                   for c in compact[4:])
    check = _iban_check_digits(country, bban) if iban_checksum_ok(compact) else _digits(rng, 2)
    fake = country + check + bban
    if " " not in raw:
        return fake
    feed = iter(fake)
    return "".join(" " if c == " " else next(feed) for c in raw)


def _b58encode(data: bytes) -> str:
    n = int.from_bytes(data, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = _B58[r] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def _b58decode(s: str) -> bytes | None:
    n = 0
    for c in s:
        if c not in _B58:
            return None
        n = n * 58 + _B58.index(c)
    body = n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b""
    return b"\0" * (len(s) - len(s.lstrip("1"))) + body


def _b58check_ok(s: str) -> bool:
    data = _b58decode(s)
    if data is None or len(data) < 5:
        return False
    return hashlib.sha256(hashlib.sha256(data[:-4]).digest()).digest()[:4] == data[-4:]


def _bech32_polymod(values: list[int]) -> int:
    gen = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if (top >> i) & 1 else 0
    return chk


def _bech32_expand(hrp: str) -> list[int]:
    return [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]


def _bech32_constant(addr: str) -> int | None:
    """1 (bech32) or 0x2BC830A3 (bech32m) for a valid address, else None."""
    hrp, _, data = addr.lower().rpartition("1")
    if not hrp or any(c not in _BECH32 for c in data):
        return None
    const = _bech32_polymod(_bech32_expand(hrp) + [_BECH32.index(c) for c in data])
    return const if const in (1, 0x2BC830A3) else None


def fake_wallet(rng: random.Random, raw: str) -> str:
    """Same kind, prefix and length; a valid checksum (Base58Check, bech32) when the original
    has one. An Ethereum address comes out in lower case (valid without the EIP-55 mixed case)."""
    if raw.startswith("0x"):
        return "0x" + "".join(rng.choice("0123456789abcdef") for _ in range(40))
    if raw.lower().startswith("bc1"):
        const = _bech32_constant(raw)
        hrp, _, data = raw.lower().rpartition("1")
        body = [rng.randrange(32) for _ in range(len(data) - 6)]
        if data:
            body[0] = _BECH32.index(data[0])  # the witness version stays
        if const is None:
            fake = hrp + "1" + "".join(_BECH32[v] for v in body) + "".join(rng.choice(_BECH32) for _ in range(6))
        else:
            poly = _bech32_polymod(_bech32_expand(hrp) + body + [0] * 6) ^ const
            check = [(poly >> 5 * (5 - i)) & 31 for i in range(6)]
            fake = hrp + "1" + "".join(_BECH32[v] for v in body + check)
        return fake.upper() if raw.isupper() else fake
    if _b58check_ok(raw):
        data = _b58decode(raw) or b"\0"
        for _ in range(100):  # the same version byte; the length may differ by one: retry
            payload = data[:1] + bytes(rng.randrange(256) for _ in range(len(data) - 5))
            fake = _b58encode(payload + hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4])
            if len(fake) == len(raw):
                return fake
        return fake
    return raw[0] + "".join(rng.choice(_B58) for _ in range(len(raw) - 1))


_STREET_NAMES = ("Oak", "Maple", "Cedar", "Elm", "Pine", "Willow", "Lake", "Hill", "Park", "River", "Spring",
                 "Walnut", "Chestnut", "Highland", "Meadow", "Orchard", "Mill", "Church", "Station", "Victoria",
                 "Albert", "Queens", "Kings", "Harbor", "Sunset", "Ridge", "Forest", "Garden", "Bridge", "Market")
# Real city + state (US) and city + postcode area (UK) combinations.
_US_PLACES = (("Springfield", "IL", "627"), ("Portland", "OR", "972"), ("Madison", "WI", "537"),
              ("Austin", "TX", "787"), ("Denver", "CO", "802"), ("Columbus", "OH", "432"),
              ("Sacramento", "CA", "958"), ("Albany", "NY", "122"), ("Raleigh", "NC", "276"),
              ("Boise", "ID", "837"), ("Richmond", "VA", "232"), ("Tucson", "AZ", "857"))
_UK_PLACES = (("Leeds", "LS"), ("Bristol", "BS"), ("Manchester", "M"), ("Oxford", "OX"), ("Cambridge", "CB"),
              ("York", "YO"), ("Bath", "BA"), ("Norwich", "NR"), ("Brighton", "BN"), ("Exeter", "EX"))


def _fake_uk_postcode(rng: random.Random, area: str, like: str) -> str:
    outward_digits = 2 if re.match(r"[A-Z]+[0-9]{2}", like) else 1
    return (f"{area}{rng.randint(1, 9)}{rng.randint(0, 9) if outward_digits == 2 else ''} "
            f"{rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}")


def fake_address_en(rng: random.Random, raw: str) -> str:
    """The same layout: a house number of the same length, a common street name with the same
    kind of street (St, Road …), the unit with other digits, and a real city with its own state
    and ZIP prefix (or its own postcode area)."""
    m = _WESTERN_ADDRESS.fullmatch(raw)
    if m is None:
        return f"{rng.randint(10, 999)} {rng.choice(_STREET_NAMES)} Street"
    fakes = {
        "num": re.sub(r"[0-9]+", lambda d: str(rng.randint(10 ** (len(d.group()) - 1), 10 ** len(d.group()) - 1)),
                      m["num"]),
        "name": " ".join(rng.choice(_STREET_NAMES) for _ in range(min(len(m["name"].split()), 2))),
    }
    if m["unit"]:
        fakes["unit"] = re.sub(r"[0-9]+", lambda d: str(rng.randint(10 ** (len(d.group()) - 1),
                                                                      10 ** len(d.group()) - 1)), m["unit"])
    if m["zip"]:
        city, state, prefix = rng.choice(_US_PLACES)
        fakes["state"] = state
        fakes["zip"] = prefix + _digits(rng, 2) + (("-" + _digits(rng, 4)) if "-" in m["zip"] else "")
    elif m["postcode"]:
        city, area = rng.choice(_UK_PLACES)
        fakes["postcode"] = _fake_uk_postcode(rng, area, m["postcode"])
    else:
        city = rng.choice(_US_PLACES)[0]
    if m["city"]:
        fakes["city"] = city
    pieces, pos = [], 0
    for group in sorted(fakes, key=m.start):
        pieces += [raw[pos:m.start(group)], fakes[group]]
        pos = m.end(group)
    pieces.append(raw[pos:])
    return "".join(pieces)


SURROGATE_MAKERS = {"phone_intl": fake_phone_intl, "foreign_id": fake_foreign_id, "ip": fake_ip,
                    "iban": fake_iban, "wallet": fake_wallet, "address_en": fake_address_en}
