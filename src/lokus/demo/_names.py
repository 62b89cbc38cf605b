"""Synthetic Indonesian (Lampung) given names for the demo. No real people."""

MALE = (
    "Ahmad", "Budi", "Dedi", "Eko", "Fajar", "Hendra", "Irfan", "Joko", "Kurniawan", "Lukman", "Made",
    "Nur", "Rahmat", "Rizki", "Slamet", "Sugeng", "Teguh", "Wahyu", "Yusuf", "Zainal", "Agus", "Bambang",
    "Darmawan", "Edi", "Firman", "Gunawan", "Hadi", "Imam", "Jamal", "Komarudin", "Mansur", "Nasrul",
    "Paiman", "Ruslan", "Sahrul", "Tarmizi", "Usman", "Wawan", "Yanto", "Zulkifli", "Andi", "Asep",
    "Suryadi", "Heri", "Mulyadi", "Sukardi", "Ismail", "Ridwan", "Saipul", "Herman",
)
FEMALE = (
    "Ani", "Dewi", "Eka", "Fitri", "Hartini", "Indah", "Juwita", "Kartini", "Lestari", "Maya", "Nurul",
    "Putri", "Rina", "Siti", "Tuti", "Umi", "Wati", "Yuni", "Zahra", "Aisyah", "Ayu", "Dian", "Endang",
    "Erna", "Fatimah", "Halimah", "Ida", "Khadijah", "Lina", "Marlina", "Nining", "Purwati", "Ratna",
    "Sari", "Sri", "Sumiati", "Suryani", "Titin", "Wulandari", "Yanti", "Rohani", "Mariam", "Nengsih",
    "Rosmiati", "Salmah", "Eli", "Juleha", "Kasmawati", "Nuraini", "Rahmawati",
)
FAMILY = (
    "", "", "", "", "Saputra", "Wijaya", "Hidayat", "Pratama", "Santoso", "Setiawan", "Kusuma", "Rahman",
    "Syahputra", "Nugroho", "Firdaus", "Hasan", "Maulana", "Permana", "Susanto", "Utama",
)
