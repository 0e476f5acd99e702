from django.apps import AppConfig


class CivilregConfig(AppConfig):
    """The commune's civil-status register (sổ hộ tịch), kept for real (issue 26).

    At start-up it plugs into the apps above it, which cannot import it (apps depend one way):
    approving a civil-status dossier registers its entry (`dossiers.actions.results.
    set_registration`), and the dossier's result is the entry's extract
    (`documents.forms.set_result_form`); its readers find the register among the staff
    home's tools (`portal.views.add_staff_tool`).
    """

    default_auto_field = "django.db.models.BigAutoField"
    name = "motcua.civilreg"
    verbose_name = "Hộ tịch"

    def ready(self) -> None:
        from motcua.documents.forms import set_result_form
        from motcua.dossiers.actions.results import set_registration
        from motcua.portal.views import StaffTool, add_staff_tool

        from .extracts import dossier_extract
        from .queries import may_read_register
        from .registration import REGISTRATIONS

        for procedure_code, registration in REGISTRATIONS.items():
            set_registration(procedure_code, registration)
            set_result_form(procedure_code, dossier_extract)
        add_staff_tool(
            StaffTool(
                id="so-ho-tich",
                url_name="civilreg:register",
                label="Sổ hộ tịch: tìm mục đăng ký khai sinh, khai tử, kết hôn",
                shows=may_read_register,
            )
        )
