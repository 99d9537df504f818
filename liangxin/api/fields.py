"""Serializer fields that name related records by their readable key, inside the caller's scope."""

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.functions import Length, Substr
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from liangxin.core.scoping import scoped


@extend_schema_field(OpenApiTypes.STR)
class ScopedKeyField(serializers.SlugRelatedField):
    """A related record given by its key (区域代码, 组织编码, USCC, public id).

    The lookup runs through the app's selector, so a key outside the caller's
    scope reads exactly like a key that does not exist: no name leaks out.
    """

    default_error_messages = {
        "does_not_exist": "{label}“{value}”不存在或不在您的数据范围内",
        "invalid": "{label}格式不正确",
    }

    def __init__(self, *, selector, key_label: str, **kwargs):
        self.selector = selector
        self.key_label = key_label
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet:
        return self.selector(user=self.context["request"].user)

    def to_internal_value(self, data):
        try:
            return self.get_queryset().get(**{self.slug_field: data})
        except ObjectDoesNotExist:
            self.fail("does_not_exist", label=self.key_label, value=str(data)[:64])
        except (TypeError, ValueError, ValidationError):
            self.fail("invalid", label=self.key_label)


class TreeParentField(ScopedKeyField):
    """The parent node's key: written as a scoped key, read from the ``parent_code`` annotation.

    The annotation is scoped too (see ``with_parent_code``), so a parent the
    caller may not see reads as null instead of revealing its code.
    """

    def get_attribute(self, instance):
        return getattr(instance, "parent_code", None)

    def to_representation(self, value):
        return value


def with_parent_code(queryset: QuerySet, user) -> QuerySet:
    """Annotate each tree node with its parent's code, in the same SQL query (no N+1).

    treebeard's materialized path: the parent's path is the node's path minus one step.
    """
    model = queryset.model
    parent_path = Substr(OuterRef("path"), 1, Length(OuterRef("path")) - model.steplen)
    parents = scoped(model._default_manager.filter(path=parent_path), user)
    return queryset.annotate(parent_code=Subquery(parents.values("code")[:1]))
