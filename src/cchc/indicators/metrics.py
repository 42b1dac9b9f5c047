"""Which one-stop figure measures a target, chosen by the reform office or suggested.

The keys are those of ``cchc.onestop.selectors.rates_for``; all are percentages.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cchc.extraction.fields.text import fold, nfc

METRICS = {
    "on_time_rate": _("Share of dossiers settled on time (%)"),
    "online_share": _("Share of dossiers submitted online (%)"),
    "postal_receipt_share": _("Share of dossiers received through the public postal service (%)"),
    "postal_return_share": _("Share of results returned through the public postal service (%)"),
    # From cchc.surveys (its selectors.satisfaction), not from the one-stop dossiers.
    "survey_satisfaction": _("Citizen satisfaction index from the surveys (%)"),
}
CHOICES = [("", _("None — data entered by hand"))] + list(METRICS.items())


def suggest(text: str, unit: str = "%") -> str:
    """The metric a target's text speaks of ("" when none or when it is not a percentage).

    "đúng hạn" → on_time_rate, "trực tuyến" → online_share, "bưu chính" →
    postal_return_share when it speaks of returning results ("trả kết quả"),
    else postal_receipt_share.
    """
    if unit != "%":
        return ""
    words = fold(nfc(text))
    if "buu chinh" in words:
        return "postal_return_share" if "tra" in words.split() else "postal_receipt_share"
    if "dung han" in words or "truoc han" in words:
        return "on_time_rate"
    if "truc tuyen" in words:
        return "online_share"
    return ""
