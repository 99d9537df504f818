from django.contrib.auth.password_validation import MinimumLengthValidator
from django.core.exceptions import ValidationError


class ChineseMinimumLengthValidator(MinimumLengthValidator):
    """Django's zh-hans catalogue lacks this message; say it in Chinese ourselves."""

    def get_error_message(self):
        return f"密码太短，至少需要 {self.min_length} 个字符。"

    def get_help_text(self):
        return f"密码至少需要 {self.min_length} 个字符。"


class CharacterClassValidator:
    """等保 practice: a password mixes at least three of upper, lower, digits, symbols."""

    def validate(self, password, user=None):
        classes = [
            any(c.isupper() for c in password),
            any(c.islower() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
        if sum(classes) < 3:
            raise ValidationError(
                "密码需包含大写字母、小写字母、数字、符号中的至少三类", code="password_classes"
            )

    def get_help_text(self):
        return "密码需包含大写字母、小写字母、数字、符号中的至少三类。"
