"""IssueCouponDialog: give each member selected in the list one coupon of a chosen template."""

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from desktop.domain.birthday_coupons import usable_templates
from desktop.domain.coupon_issuing import IssueResult, issue_to_members
from desktop.domain.coupons import Template, describe
from desktop.i18n import tr
from desktop.views import dialogs
from desktop.views.members.action_dialog import ActionDialog, plain_label
from desktop.views.widgets import label

LIST_STYLE = "QListWidget::item { padding: 6px 8px; }"  # two-line rows that breathe


@dataclass(frozen=True)
class CouponsIssued:
    """What the dialog issued, for the page's notice and the detail panel."""

    title: str
    issued: int
    member_ids: tuple[int, ...]

    def notice(self) -> str:
        """A one-line notice: 'Issued 3 coupons: 满100减20'."""
        text = (tr("IssueCoupon", "Issued 1 coupon: {title}") if self.issued == 1
                else tr("IssueCoupon", "Issued {n} coupons: {title}"))
        return text.format(n=f"{self.issued:,}", title=self.title)


def issue_coupon_dialog(parent: QWidget | None, member_ids: list[int]) -> CouponsIssued | None:
    """Choose a template and issue one coupon to each member; what was issued, or None."""
    if not member_ids:
        dialogs.show_info(parent, tr("IssueCoupon", "Issue coupon"),
                          tr("IssueCoupon", "Select one or more members in the list first."))
        return None
    dialog = IssueCouponDialog(member_ids, parent)
    dialog.exec()
    dialog.deleteLater()
    return dialog.issued


def template_text(template: Template) -> str:
    """A template as its list row shows it: the title, then what it gives and when."""
    texts = describe(template)
    details = " · ".join(part for part in (texts.value, texts.min_spend, texts.validity) if part)
    return f"{template.title}\n{details}"


class IssueCouponDialog(ActionDialog):
    """The templates that can issue now, newest first; the chosen one goes to every member."""

    def __init__(self, member_ids: list[int], parent: QWidget | None = None) -> None:
        super().__init__(tr("IssueCoupon", "Issue coupon"), tr("IssueCoupon", "Issue"),
                         parent)
        self.setMinimumWidth(480)
        self.member_ids = list(dict.fromkeys(member_ids))
        self.loaded = False
        self.issued: CouponsIssued | None = None
        self.templates: list[Template] = []
        count = len(self.member_ids)
        intro = (tr("IssueCoupon", "Choose the coupon to give the selected member.")
                 if count == 1 else
                 tr("IssueCoupon", "Choose the coupon to give each of the {n} selected "
                                   "members.").format(n=f"{count:,}"))
        self.body.addWidget(label(intro, wrap=True))
        self.status_label = label(tr("IssueCoupon", "Loading coupon templates…"), "muted",
                                  wrap=True)
        self.body.addWidget(self.status_label)
        self.template_list = QListWidget()
        self.template_list.setAccessibleName(tr("IssueCoupon", "Coupon templates"))
        self.template_list.setWordWrap(True)
        self.template_list.setStyleSheet(LIST_STYLE)
        self.template_list.setMinimumHeight(160)
        self.template_list.currentRowChanged.connect(lambda _row: self._chosen())
        self.template_list.itemDoubleClicked.connect(lambda _item: self.apply())
        self.template_list.hide()
        self.body.addWidget(self.template_list, 1)
        self.summary_label = plain_label("", "heading", wrap=True)  # the title is user text
        self.summary_label.hide()
        self.body.addWidget(self.summary_label)
        self.load(usable_templates, self._show_templates)

    def _show_templates(self, templates: list[Template]) -> None:
        self.loaded = True
        self.templates = templates
        for template in templates:
            item = QListWidgetItem(template_text(template))  # item text is plain
            item.setData(Qt.ItemDataRole.UserRole, template.id)
            self.template_list.addItem(item)
        if templates:
            self.status_label.hide()
            self.template_list.show()
            self.template_list.setCurrentRow(0)
            self.template_list.setFocus()
        else:
            self.status_label.setText(tr(
                "IssueCoupon", "There is no coupon to issue yet: design a coupon template "
                "on the Coupons page first."))
        self._chosen()
        self.fit_content()

    def chosen_template(self) -> Template | None:
        """The template selected in the list, if any."""
        row = self.template_list.currentRow()
        return self.templates[row] if 0 <= row < len(self.templates) else None

    def _chosen(self) -> None:
        template = self.chosen_template()
        if template is not None:
            count = len(self.member_ids)
            text = (tr("IssueCoupon", "Issue “{title}” to 1 member") if count == 1
                    else tr("IssueCoupon", "Issue “{title}” to {n} members"))
            self.summary_label.setText(text.format(title=template.title, n=f"{count:,}"))
        self.summary_label.setVisible(template is not None)
        self.update_action()

    def ready(self) -> bool:
        return self.loaded and self.chosen_template() is not None

    def apply(self) -> None:
        template = self.chosen_template()
        if template is None or self.busy:
            return
        ids = self.member_ids

        def done(result: IssueResult) -> None:
            holders = tuple(member_id for member_id in result.member_ids if member_id is not None)
            self.issued = CouponsIssued(template.title, result.issued, holders)

        self.run(lambda: issue_to_members(template.id, ids), done,
                 tr("IssueCoupon", "The coupons were not issued"))
