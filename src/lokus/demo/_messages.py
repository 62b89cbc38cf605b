"""Messages of the demo (Bahasa Indonesia and English)."""

from __future__ import annotations

from lokus.i18n import register

register(
    {
        "error.demo.foreign_data": {
            "id": "Workspace {path} berisi data Anda sendiri ({snapshots}); demo akan mengganti atau mencampurnya "
                  "dengan penduduk sintetis. Jalankan demo di workspace lain, misalnya: lokus -w demo.duckdb demo.",
            "en": "Workspace {path} holds your own data ({snapshots}); the demo would replace it or mix synthetic "
                  "people into it. Run the demo in another workspace, e.g. lokus -w demo.duckdb demo.",
        },
    }
)
