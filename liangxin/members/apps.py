from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "liangxin.members"
    verbose_name = "党员"

    def ready(self):
        from auditlog.registry import auditlog

        from liangxin.members.models import Member

        # Ciphertext columns stay out of the change history; the masked form and
        # the blind index show that a number changed without revealing it.
        auditlog.register(Member, exclude_fields=Member.PII_AUDIT_EXCLUDE)
