import pytest

from habari_tui.extract.dateline import place_from_dateline


@pytest.mark.parametrize(
    ("paragraph", "place"),
    [
        ("SITENAME.COM, JAKARTA – Harga cabai naik.", "Jakarta"),
        ("KABARBANUA.COM, BANJARMASIN – Pasar terapung dibuka.", "Banjarmasin"),
        ("JAKARTA, KOMPAS.com – Pemerintah mengumumkan.", "Jakarta"),
        ("ROTTERDAM – The port opened.", "Rotterdam"),
        ("BANJARMASIN - Hujan deras turun.", "Banjarmasin"),
        ("Jakarta (ANTARA) - Presiden meresmikan.", "Jakarta"),
        ("SINGAPORE (Wire) — Shares rose.", "Singapore"),
        ("ROTTERDAM (Nusantara Wire) – Barges.", "Rotterdam"),
        ("HULU SUNGAI TENGAH – Banjir merendam desa.", "Hulu Sungai Tengah"),
        ("KABARBANUA.COM, HULU SUNGAI TENGAH – Banjir.", "Hulu Sungai Tengah"),
        ("GENEVA, Meridian Wire – Talks ended late.", "Geneva"),
        ("NAIROBI, Straits Wire — Buses ran.", "Nairobi"),
        ("TANAH BUMBU, TANAHBUMBU.EXAMPLE – Feri.", "Tanah Bumbu"),
        ("JAKARTA, Senin (3/6) – Rapat digelar.", "Jakarta"),
        ("“BANJARBARU — Festival dibuka.", "Banjarbaru"),
        ("LONDON, Nov 20 (Reuters) - Britain said on Friday.", "London"),
        ("LONDON, Nov. 20, 2026 (Reuters) — Britain said.", "London"),
        ("NEW YORK, 20 November 2026 (AP) – Stocks fell.", "New York"),
        ("JAKARTA, 21/11 (ANTARA) - Pemerintah menyatakan.", "Jakarta"),
        ("Banjarmasin (ANTARA) - Pemerintah kota menyiapkan posko.", "Banjarmasin"),
        ("MARTAPURA, KOMPAS.com — Harga intan naik.", "Martapura"),
        ("Martapura, Kompas.com - Harga intan naik.", "Martapura"),
        ("London, Nov 20 (Reuters) -- Britain said.", "London"),
        ("Jakarta, 21/11 (ANTARA) – Pemerintah menyatakan.", "Jakarta"),
    ],
)
def test_dateline_names_the_place(paragraph: str, place: str) -> None:
    assert place_from_dateline(paragraph) == place


@pytest.mark.parametrize(
    "paragraph",
    [
        "Pasar terapung di Sungai Kuin kembali dibuka - kata pengelola.",
        "Warga Banjarmasin – dan sekitarnya – datang ke pasar.",
        "SITENAME.COM – Berita tanpa kota.",
        "BACA JUGA: Dermaga baru siap dipakai",
        "PENILAIAN: Tim penilai memeriksa kebun - Foto Istimewa",
        "JAKARTA-based firms hired more staff.",
        "Martapura – Harga intan naik pekan ini.",
        "Kabar Banua, 21/11 dan seterusnya tanpa tanda.",
        "",
    ],
)
def test_no_dateline_gives_no_place(paragraph: str) -> None:
    assert place_from_dateline(paragraph) is None
