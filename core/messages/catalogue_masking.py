"""Personal-data masking: counts per kind, the export page's preview. (code → (Chinese, English))"""

_KINDS = {
    "phone": ("手机号", "mobile number", "mobile numbers"),
    "phone_intl": ("国际/境外电话", "international phone number", "international phone numbers"),
    "landline": ("座机/400 电话", "landline or 400/800 number", "landline or 400/800 numbers"),
    "email": ("邮箱", "e-mail address", "e-mail addresses"),
    "id_card": ("身份证号", "ID-card number", "ID-card numbers"),
    "bank_card": ("银行卡号", "bank card number", "bank card numbers"),
    "foreign_id": ("境外证件号（SSN、护照等）", "foreign ID number (SSN, passport …)",
                   "foreign ID numbers (SSN, passport …)"),
    "ip": ("IP 地址", "IP address", "IP addresses"),
    "iban": ("IBAN 账号", "IBAN", "IBANs"),
    "wallet": ("加密货币钱包地址", "crypto wallet address", "crypto wallet addresses"),
    "qq": ("QQ 号", "QQ number", "QQ numbers"),
    "wechat": ("微信号", "WeChat id", "WeChat ids"),
    "address": ("中文地址", "Chinese address", "Chinese addresses"),
    "address_en": ("外文地址", "Western street address", "Western street addresses"),
}

MESSAGES = {
    "masking.counts": ("已脱敏的个人信息：{what}。", "Personal data masked: {what}."),
    "masking.preview_none": ("所选样本中没有找到需要脱敏的个人信息。",
                             "No personal data to mask was found in the selected samples."),
    "masking.preview_head": ("脱敏预览：{samples} 条样本含个人信息，导出时将替换 {what}。",
                             "Masking preview: {samples} samples hold personal data; the export will replace {what}."),
    "masking.preview_pairs": ("替换示例（原文 → 替换为，最多 {n} 条；只在此显示，不写入日志）：",
                              "What is replaced (original → replacement, up to {n}; shown here only, never logged):"),
    "masking.preview_pair": ("{kind}：{original} 替换为 {replacement}", "{kind}: {original} → {replacement}"),
    **{f"masking.kind.{kind}": (f"{{n}} 个{zh}", {"one": f"{{n}} {one}", "other": f"{{n}} {other}"})
       for kind, (zh, one, other) in _KINDS.items()},
    **{f"masking.name.{kind}": (zh, one) for kind, (zh, one, _) in _KINDS.items()},
}
