"""IssueDialog: one coupon of a template to every member of a segment, after a confirmation."""

from PySide6.QtWidgets import QComboBox, QWidget

from desktop.domain.coupon_issuing import IssueResult, issue_to_segment
from desktop.domain.coupons import Template
from desktop.domain.segments import SEGMENTS, SegmentCounts, get_segment, segment_counts
from desktop.i18n import tr
from desktop.views import dialogs
from desktop.views.members.action_dialog import ActionDialog, plain_label
from desktop.views.widgets import label


class IssueDialog(ActionDialog):
    """Choose a segment (its member count beside it), confirm, issue on the database thread.

    After exec(), `result` is the IssueResult, or None when nothing was issued.
    """

    def __init__(self, template: Template, parent: QWidget | None = None) -> None:
        super().__init__(tr("IssueDialog", "Issue coupons to a segment"),
                         tr("IssueDialog", "Issue…"), parent)
        self.template = template
        self.counts: SegmentCounts | None = None
        # Shadows QDialog.result() on purpose, as ExportDialog.result does.
        self.result: IssueResult | None = None
        self.body.addWidget(plain_label(template.title, "heading", wrap=True))
        self.body.addWidget(label(tr("IssueDialog", "Every member of the segment gets one "
                                                    "coupon with its own code; it shows in "
                                                    "their detail panel."), "muted",
                                  wrap=True))
        self.segment_combo = QComboBox()
        self.segment_combo.setAccessibleName(tr("IssueDialog", "Segment"))
        self.segment_combo.setMinimumWidth(360)
        self.segment_combo.currentIndexChanged.connect(lambda _index: self.update_action())
        self.body.addWidget(label(tr("IssueDialog", "Segment")))
        self.body.addWidget(self.segment_combo)
        self._fill()
        self.setMinimumWidth(480)
        self.load(segment_counts, self._counted)

    def _fill(self) -> None:
        current = self.segment_combo.currentData()
        self.segment_combo.clear()
        for segment in SEGMENTS:
            text = segment.translated_title()
            if self.counts is not None:
                text = tr("IssueDialog", "{segment} ({n} members)").format(
                    segment=text, n=f"{self.chosen_count(segment.key):,}")
            self.segment_combo.addItem(text, segment.key)
        if current is not None:
            self.segment_combo.setCurrentIndex(max(0, self.segment_combo.findData(current)))

    def _counted(self, counts: SegmentCounts) -> None:
        self.counts = counts
        self._fill()
        self.segment_combo.setFocus()  # off Cancel, so the action becomes the default button
        self.update_action()

    def chosen_count(self, key: str | None = None) -> int:
        """Members in segment `key` (the chosen one by default), 0 before they are counted."""
        key = key or self.segment_combo.currentData()
        return self.counts.by_key.get(key, 0) if self.counts is not None else 0

    def ready(self) -> bool:
        return self.counts is not None and self.chosen_count() > 0

    def apply(self) -> None:
        if not self.ready():
            return
        key = self.segment_combo.currentData()
        question = tr("IssueDialog", "Issue one “{title}” coupon to each of the {n} members "
                                     "in “{segment}”?").format(
            title=self.template.title, n=f"{self.chosen_count():,}",
            segment=get_segment(key).translated_title())
        if not dialogs.confirm(self, tr("IssueDialog", "Issue coupons"), question,
                               tr("IssueDialog", "Issue coupons")):
            return
        template_id = self.template.id
        self.run(lambda: issue_to_segment(template_id, key), self._issued,
                 tr("IssueDialog", "The coupons were not issued"))

    def _issued(self, result: IssueResult) -> None:
        self.result = result
