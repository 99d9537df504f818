"""One serializer per ledger kind. Related records are named by their readable keys.

Writes never touch the ORM here: ``create``/``update`` hand the validated data
to the app's service, which checks role and scope and re-checks scope inside
its transaction. Personal data is write-only plaintext in, masked text out.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.validators import UniqueValidator

from liangxin.api.fields import ScopedKeyField, TreeParentField
from liangxin.core.scoping import scoped
from liangxin.enterprises.models import Enterprise, EnterpriseTag
from liangxin.enterprises.selectors import enterprise_list
from liangxin.enterprises.services import enterprise_create, enterprise_update
from liangxin.members.models import Member
from liangxin.members.privacy import sees_birth_date
from liangxin.members.selectors import member_list
from liangxin.members.services import member_create, member_update
from liangxin.organizations.models import PartyOrganization
from liangxin.organizations.selectors import organization_list
from liangxin.organizations.services import organization_create, organization_update
from liangxin.regions.models import Region
from liangxin.regions.selectors import region_list
from liangxin.regions.services import region_create, region_update
from liangxin.workforce.models import Instructor
from liangxin.workforce.services import instructor_create, instructor_update

PERSONAL_FIELDS = ("id_number", "phone")


class ServiceSerializer(serializers.ModelSerializer):
    """Base: validation of shape here, business rules and the write in the service."""

    # Many-to-many fields whose links to records outside the caller's scope must
    # survive an update: the caller cannot see them, so cannot mean to drop them.
    kept_hidden_links: tuple[str, ...] = ()
    # Foreign keys shown as null (with the fields that tell the same record) when the
    # linked record lies outside the caller's scope: {field: (model, [fields])}. A null
    # sent back for such a link on update means "unchanged", as for a tree's parent.
    hidden_links: dict = {}
    # Keys whose uniqueness the service checks (full_clean) and tells as the caller may
    # read it: a key held outside the caller's scope is refused without naming the holder
    # (core.duplicates). DRF's own UniqueValidator would answer "已存在" before that.
    service_unique_keys: tuple[str, ...] = ()

    def get_fields(self):
        fields = super().get_fields()
        for name in self.service_unique_keys:
            field = fields[name]
            field.validators = [v for v in field.validators if not isinstance(v, UniqueValidator)]
        return fields

    def learn_visible_links(self, instances) -> None:
        """Remember which linked records of ``instances`` the caller may see."""
        known = self.context.setdefault("visible_links", {})
        user = self.context["request"].user
        for name, (model, _) in self.hidden_links.items():
            asked, visible = known.setdefault(name, (set(), set()))
            ids = {getattr(i, f"{name}_id") for i in instances} - {None} - asked
            if ids:
                allowed = scoped(model._default_manager.filter(pk__in=ids), user)
                visible.update(allowed.values_list("pk", flat=True))
                asked.update(ids)

    def link_hidden(self, instance, name: str) -> bool:
        linked_id = getattr(instance, f"{name}_id")
        if linked_id is None:
            return False
        self.learn_visible_links([instance])  # no query when the page's were learned
        return linked_id not in self.context["visible_links"][name][1]

    def to_representation(self, instance):
        page = getattr(self.parent, "instance", None)
        if self.hidden_links and "visible_links" not in self.context and page is not None:
            self.learn_visible_links(list(page))  # a list: one query per link for the page
        data = super().to_representation(instance)
        for name, (_, also) in self.hidden_links.items():
            if name in data and self.link_hidden(instance, name):
                data[name] = None
                for other in also:
                    data[other] = ""
        return data

    @property
    def actor(self):
        return self.context["request"].user

    def create(self, validated_data):
        return self.create_record(dict(validated_data))

    def update(self, instance, validated_data):
        data = dict(validated_data)
        self.keep_hidden_links(instance, data)
        for name in self.hidden_links:
            if name in data and data[name] is None and self.link_hidden(instance, name):
                del data[name]  # the caller read null for a link it may not see
                for other in self.hidden_links[name][1]:
                    if data.get(other) == "":
                        del data[other]  # and read "" for what tells the same record
        return self.update_record(instance, data)

    def create_record(self, data: dict):
        raise NotImplementedError

    def update_record(self, instance, data: dict):
        raise NotImplementedError

    def keep_hidden_links(self, instance, data: dict) -> None:
        for name in self.kept_hidden_links:
            if name in data:
                visible = self.fields[name].child_relation.get_queryset()
                hidden = linked(instance, name).exclude(pk__in=visible.values("pk"))
                data[name] = [*data[name], *hidden]


def linked(instance, name: str):
    """All records linked through ``name``, ignoring any scoped prefetch on the instance."""
    field = instance._meta.get_field(name)
    return field.related_model._default_manager.filter(**{field.related_query_name(): instance})


class TreeSerializer(ServiceSerializer):
    """Regions and organizations: the parent is chosen at creation; moving is not an API verb."""

    service_unique_keys = ("code",)

    def validate_parent(self, parent):
        if self.instance is None or parent is None:
            return parent  # null on update means "unchanged" (the caller may not see the parent)
        current = type(self.instance).objects.get_parent(self.instance)
        if current is None or current.pk != parent.pk:
            raise serializers.ValidationError("接口暂不支持调整上级，请在树形页面中移动")
        return parent


# --- regions ------------------------------------------------------------------


class RegionSerializer(TreeSerializer):
    parent = TreeParentField(
        selector=region_list,
        slug_field="code",
        key_label="上级区域代码",
        required=False,
        allow_null=True,
        help_text="上级区域代码；创建后不可通过接口修改",
    )

    class Meta:
        model = Region
        fields = ["code", "name", "kind", "parent", "depth"]
        read_only_fields = ["depth"]

    def create_record(self, data):
        parent = data.pop("parent", None)
        return region_create(actor=self.actor, parent=parent, data=data)

    def update_record(self, instance, data):
        data.pop("parent", None)
        return region_update(actor=self.actor, region=instance, data=data)


# --- enterprises --------------------------------------------------------------


class EnterpriseSerializer(ServiceSerializer):
    region = ScopedKeyField(
        selector=region_list, slug_field="code", key_label="区域代码", help_text="所属区域代码"
    )
    region_name = serializers.CharField(source="region.name", read_only=True)
    tags = serializers.SlugRelatedField(
        slug_field="code", many=True, required=False, queryset=EnterpriseTag.objects.all()
    )
    service_unique_keys = ("uscc",)

    class Meta:
        model = Enterprise
        fields = [
            "uscc",
            "name",
            "category",
            "ownership",
            "industry",
            "region",
            "region_name",
            "address",
            "registered_on",
            "status",
            "employee_count",
            "above_scale",
            "above_quota",
            "annual_output",
            "tags",
            "investor_is_member",
            "charter_includes_party",
            "chamber",
            "created_at",
            "updated_at",
        ]

    def create_record(self, data):
        return enterprise_create(actor=self.actor, data=data)

    def update_record(self, instance, data):
        return enterprise_update(actor=self.actor, enterprise=instance, data=data)


# --- organizations ------------------------------------------------------------


class OrganizationSerializer(TreeSerializer):
    parent = TreeParentField(
        selector=organization_list,
        slug_field="code",
        key_label="上级组织编码",
        required=False,
        allow_null=True,
        help_text="上级组织编码；创建后不可通过接口修改",
    )
    region = ScopedKeyField(
        selector=region_list, slug_field="code", key_label="区域代码", help_text="所属区域代码"
    )
    covered_enterprises = ScopedKeyField(
        selector=enterprise_list,
        slug_field="uscc",
        key_label="统一社会信用代码",
        many=True,
        required=False,
        help_text="覆盖企业的统一社会信用代码",
    )
    secretary = ScopedKeyField(
        selector=member_list,
        slug_field="public_id",
        key_label="书记（党员编号）",
        required=False,
        allow_null=True,
        help_text="书记的党员编号（public_id）",
    )
    kept_hidden_links = ("covered_enterprises",)
    # An instructor sees the organizations covering its enterprises, not their members.
    hidden_links = {"secretary": (Member, ["secretary_name"])}

    class Meta:
        model = PartyOrganization
        fields = [
            "code",
            "name",
            "kind",
            "formation",
            "parent",
            "region",
            "covered_enterprises",
            "established_on",
            "dissolved_on",
            "term_started_on",
            "term_years",
            "secretary",
            "secretary_name",
            "secretary_is_investor",
            "star_level",
            "star_category",
            "brand",
        ]

    def create_record(self, data):
        parent = data.pop("parent", None)
        return organization_create(actor=self.actor, parent=parent, data=data)

    def update_record(self, instance, data):
        data.pop("parent", None)
        return organization_update(actor=self.actor, organization=instance, data=data)


# --- people -------------------------------------------------------------------


class PersonSerializer(ServiceSerializer):
    """Members and instructors: ID number and phone go in as plaintext, come out masked."""

    id_number = serializers.CharField(
        write_only=True,
        required=False,
        max_length=32,
        label="公民身份号码",
        help_text="明文，仅用于写入（创建时必填）；读取时只返回 id_number_masked",
    )
    phone = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=32,
        label="手机号码",
        help_text="明文，仅用于写入；空字符串清除；读取时只返回 phone_masked",
    )


@extend_schema_field({"type": "string", "format": "date", "nullable": True})
class BirthDateField(serializers.DateField):
    """The birth date, or null for a role that may not unmask the ID number: the date is
    digits 7–14 of the number, the part the mask hides (members.privacy)."""

    def to_representation(self, value):
        if not sees_birth_date(self.context["request"].user):
            return None
        return super().to_representation(value)


class MemberSerializer(PersonSerializer):
    birth_date = BirthDateField(
        required=False, label="出生日期", help_text="无查看明文权限的角色读取为 null，见 birth_year"
    )
    birth_year = serializers.IntegerField(
        source="birth_date.year", read_only=True, label="出生年份"
    )
    organization = ScopedKeyField(
        selector=organization_list,
        slug_field="code",
        key_label="组织编码",
        help_text="所在党组织编码",
    )
    employer = ScopedKeyField(
        selector=enterprise_list,
        slug_field="uscc",
        key_label="工作单位统一社会信用代码",
        required=False,
        allow_null=True,
        help_text="工作单位统一社会信用代码",
    )

    class Meta:
        model = Member
        fields = [
            "public_id",
            "name",
            "gender",
            "ethnicity",
            "birth_date",
            "birth_year",
            "education",
            "joined_on",
            "full_member_on",
            "status",
            "organization",
            "employer",
            "post_level",
            "is_investor",
            "flow_type",
            "id_number_masked",
            "phone_masked",
            *PERSONAL_FIELDS,
        ]
        # Derived from the ID number when left out (GB 11643).
        extra_kwargs = {"gender": {"required": False}, "birth_date": {"required": False}}

    hidden_links = {"employer": (Enterprise, [])}

    def create_record(self, data):
        return member_create(actor=self.actor, data=data)

    def update_record(self, instance, data):
        return member_update(actor=self.actor, member=instance, data=data)


class InstructorSerializer(PersonSerializer):
    region = ScopedKeyField(
        selector=region_list,
        slug_field="code",
        key_label="区域代码",
        required=False,
        allow_null=True,
        help_text="管理该指导员的区域代码",
    )
    enterprises = ScopedKeyField(
        selector=enterprise_list,
        slug_field="uscc",
        key_label="统一社会信用代码",
        many=True,
        required=False,
        help_text="联系企业的统一社会信用代码",
    )
    kept_hidden_links = ("enterprises",)
    hidden_links = {"region": (Region, [])}

    class Meta:
        model = Instructor
        fields = [
            "public_id",
            "name",
            "source",
            "region",
            "enterprises",
            "active",
            "id_number_masked",
            "phone_masked",
            *PERSONAL_FIELDS,
        ]

    def create_record(self, data):
        return instructor_create(actor=self.actor, data=data)

    def update_record(self, instance, data):
        return instructor_update(actor=self.actor, instructor=instance, data=data)


# --- unmasking ----------------------------------------------------------------


class UnmaskRequestSerializer(serializers.Serializer):
    field = serializers.ChoiceField(
        choices=[("id_number", "公民身份号码"), ("phone", "手机号码")], label="字段"
    )


class UnmaskResponseSerializer(serializers.Serializer):
    field = serializers.CharField(label="字段")
    value = serializers.CharField(label="明文")
