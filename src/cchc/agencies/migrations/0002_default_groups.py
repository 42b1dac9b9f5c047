"""The named groups plans use, in every province (reference data, editable in the admin)."""

from django.db import migrations

GROUPS = [
    (
        "Sở, ban, ngành",
        ["department", "board", "office"],
        ["Sở, ngành", "Sở, ban ngành", "Sở, cơ quan ngang Sở", "Sở, cơ quan tương đương Sở"],
    ),
    (
        "UBND cấp huyện",
        ["district"],
        [
            "Ủy ban nhân dân cấp huyện",
            "UBND quận, huyện",
            "Ủy ban nhân dân quận, huyện",
            "Ủy ban nhân dân quận huyện",
            "Ủy ban nhân dân huyện, thị xã, thành phố",
            "Ủy ban nhân dân quận, huyện, thị xã",
            "Quận, huyện",
        ],
    ),
    (
        "UBND cấp xã",
        ["commune"],
        [
            "Ủy ban nhân dân cấp xã",
            "Ủy ban nhân dân phường, xã",
            "Ủy ban nhân dân xã, phường, thị trấn",
        ],
    ),
    (
        "UBND cấp huyện và cấp xã",
        ["district", "commune"],
        ["Ủy ban nhân dân các cấp", "Ủy ban nhân dân quận, huyện, phường, xã"],
    ),
    (
        "Đơn vị sự nghiệp",
        ["public_service"],
        [
            "Đơn vị sự nghiệp thuộc Ủy ban nhân dân thành phố",
            "Đơn vị sự nghiệp thuộc Ủy ban nhân dân tỉnh",
        ],
    ),
    (
        "Cơ quan Trung ương trên địa bàn",
        ["central"],
        [
            "Cơ quan Trung ương đóng trên địa bàn thành phố",
            "Cơ quan Trung ương đóng trên địa bàn tỉnh",
        ],
    ),
]


def create(apps, schema_editor):
    AgencyGroup = apps.get_model("agencies", "AgencyGroup")
    for name, kinds, aliases in GROUPS:
        AgencyGroup.objects.get_or_create(
            name=name, defaults={"kinds": kinds, "aliases": "\n".join(aliases)}
        )


def remove(apps, schema_editor):
    apps.get_model("agencies", "AgencyGroup").objects.filter(
        name__in=[g[0] for g in GROUPS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("agencies", "0001_initial")]
    operations = [migrations.RunPython(create, remove)]
