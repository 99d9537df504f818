from django.apps import AppConfig

from liangxin.core.contributions import contribute


class WorkforceConfig(AppConfig):
    name = "liangxin.workforce"
    verbose_name = "党建指导员"
    url_prefix = "instructors/"

    def ready(self):
        from auditlog.registry import auditlog

        from liangxin.workforce import demo_workers, home, ledger, models, pickers, rules, scoping
        from liangxin.workforce.models import Instructor

        auditlog.register(
            Instructor,
            exclude_fields=[*Instructor.PII_AUDIT_EXCLUDE, "name_initials"],
            m2m_fields={"enterprises"},
        )
        auditlog.register(models.Assignment, m2m_fields={"enterprises", "organizations"})
        for model in (models.AssignmentEvent, models.Visit, models.VisitPhoto, models.Hazard):
            auditlog.register(model)
        from liangxin.workforce import models_people as people

        auditlog.register(people.PartyWorker, exclude_fields=["name_initials"], m2m_fields=set())
        auditlog.register(people.PartnerGroup, m2m_fields={"members"})
        for model in (
            people.WorkList,
            people.WorkListItem,
            people.WorkListEvidence,
            people.Assessment,
            people.Honour,
            people.CertificationLevel,
            people.Certification,
            people.CertificationEvent,
            people.CertificationFile,
            people.AnnualCheck,
            people.AllowanceRule,
            people.Allowance,
            people.Training,
            people.TrainingAttendance,
            people.PoolEntry,
            people.Placement,
            people.PartnerTask,
        ):
            auditlog.register(model)

        contribute(
            self,
            scope_rules=scoping.SCOPE_RULES,
            dashboard_cards=home.CARDS,
            navigation=home.NAV,
            ledger_kinds=ledger.KINDS,
            search=home.SEARCH,
            pickers=pickers.PICKERS,
            rules=rules.RULES,
            todos=home.TODOS,
            demo_seeders=[demo_workers.seed],
        )
        from liangxin.workforce import demo_worklists, home_workers, rules_workers

        contribute(
            self,
            navigation=home_workers.NAV,
            todos=home_workers.TODOS,
            rules=rules_workers.RULES,
            demo_seeders=[demo_worklists.seed],
        )
        from liangxin.workforce import demo_pool, home_pool, rules_pool

        contribute(
            self,
            navigation=home_pool.NAV,
            rules=rules_pool.RULES,
            demo_seeders=[demo_pool.seed],
            pickers=home_pool.PICKERS,
        )
        from liangxin.workforce import (
            checklist_honours,
            checklist_training,
            demo_training,
            home_training,
            rules_training,
        )

        contribute(
            self,
            navigation=home_training.NAV,
            todos=home_training.TODOS,
            rules=rules_training.RULES,
            checklist_sources=[*checklist_training.SOURCES, *checklist_honours.SOURCES],
            demo_seeders=[demo_training.seed],
        )
        from liangxin.workforce import demo_certification, home_certification

        contribute(
            self,
            navigation=home_certification.NAV,
            todos=home_certification.TODOS,
            demo_seeders=[demo_certification.seed],
        )
