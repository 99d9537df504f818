"""The bases of every app's serializers (liangxin/<app>/api.py).

Related records are named by their readable keys. Writes never touch the ORM
here: ``create``/``update`` hand the validated data to the app's service, which
checks role and scope and re-checks scope inside its transaction. Personal data
is write-only plaintext in, masked text out.
"""

from collections.abc import Mapping

from rest_framework import serializers
from rest_framework.settings import api_settings
from rest_framework.validators import UniqueValidator

from liangxin.core.scoping import scoped

PERSONAL_FIELDS = ("id_number", "phone")

# What a browser's form adds to a body besides the fields (the browsable API's forms).
FORM_KEYS = frozenset({"csrfmiddlewaretoken"})


def unknown_fields_message(unknown: list[str], known: list[str]) -> str:
    return f"不支持的字段：{'、'.join(unknown)}。可提交的字段：{'、'.join(known) or '无'}"


class RefuseUnknownFields:
    """A body naming a field the serializer does not have is refused (400), not dropped.

    DRF ignores unknown keys, so a misspelt or unsupported field (a PATCH of a field
    the API does not write) answered 200 and changed nothing. Read-only fields are
    known: a record read and sent back whole is still accepted.
    """

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            unknown = [key for key in data if key not in self.fields and key not in FORM_KEYS]
            if unknown:
                known = [name for name, field in self.fields.items() if not field.read_only]
                raise serializers.ValidationError(
                    {api_settings.NON_FIELD_ERRORS_KEY: [unknown_fields_message(unknown, known)]}
                )
        return super().to_internal_value(data)


class InputSerializer(RefuseUnknownFields, serializers.Serializer):
    """The body of an action (pay, receive, a development step…): unknown fields refused."""


class ServiceSerializer(RefuseUnknownFields, serializers.ModelSerializer):
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


# --- unmasking ----------------------------------------------------------------


class UnmaskRequestSerializer(InputSerializer):
    field = serializers.ChoiceField(
        choices=[("id_number", "公民身份号码"), ("phone", "手机号码")], label="字段"
    )


class UnmaskResponseSerializer(serializers.Serializer):
    field = serializers.CharField(label="字段")
    value = serializers.CharField(label="明文")
