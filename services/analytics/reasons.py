"""Plain Thai and English sentences that explain a recommendation, with its numbers.

Each function returns {"code", "th", "en"}. Thai dates use the Buddhist
era. Percentages are whole numbers, rounded half up.
"""

from decimal import ROUND_HALF_UP, Decimal

from cybervaccine import areas
from cybervaccine.i18n import buddhist_year

THAI_MONTHS_SHORT = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)
ENGLISH_MONTHS_SHORT = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

BEFORE_AFTER_CAVEAT = {
    "th": (
        "การเปรียบเทียบก่อนและหลังกิจกรรมแสดงความสัมพันธ์ ไม่ได้พิสูจน์ว่ากิจกรรมเป็นสาเหตุ"
        " ผู้เล่นเกมเลือกเล่นเอง จึงไม่ใช่กลุ่มเดียวกันก่อนและหลัง และปัจจัยอื่นในช่วงเดียวกันอาจมีผล"
    ),
    "en": (
        "Before/after figures show a correlation, not a cause. Quiz takers choose to play,"
        " so the people before and after are not the same group, and other things that"
        " happened at the same time may explain a change."
    ),
}


def percent(value):
    """Return a share (0.41) or change (0.35) as a whole percentage, rounded half up."""
    return int(Decimal(str(abs(value) * 100)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def thai_date(day):
    return "{} {} {}".format(day.day, THAI_MONTHS_SHORT[day.month - 1], buddhist_year(day.year))


def english_date(day):
    return "{} {} {}".format(day.day, ENGLISH_MONTHS_SHORT[day.month - 1], day.year)


def period_text(start, end):
    """Return a period in both languages: ("1 ม.ค. 2567 – 31 มี.ค. 2567", "1 Jan 2024 – 31 Mar 2024")."""
    return "{} – {}".format(thai_date(start), thai_date(end)), "{} – {}".format(english_date(start), english_date(end))


def area_phrase(area_code):
    """Return where, in both languages: ("ในจังหวัดเชียงใหม่", "in Chiang Mai")."""
    if area_code == areas.NATIONAL:
        return "ทั่วประเทศ", "nationwide"

    province = areas.provinces().get(area_code)
    if province is not None:
        thai = "ใน" + province.name_th if area_code == "TH-10" else "ในจังหวัด" + province.name_th
        return thai, "in " + province.name_en

    district = areas.districts().get(area_code)
    if district is not None:
        name = district.name_th if district.name_th.startswith("เขต") else "อำเภอ" + district.name_th
        return "ใน" + name, "in {} district".format(district.name_en)

    return "ในพื้นที่ " + area_code, "in area " + area_code


def rising_cases(trend, area_code):
    """Explain a rising case count with its change and the two periods compared."""
    where_th, where_en = area_phrase(area_code)
    latest_th, latest_en = period_text(trend.latest.start, trend.latest.end)
    previous_th, previous_en = period_text(trend.previous.start, trend.previous.end)

    if trend.change is None:
        return {
            "code": "cases_new",
            "th": "พบคดีประเภทนี้{} {:,} คดีในช่วง {} ขณะที่ช่วง {} ไม่มีคดี".format(
                where_th, trend.latest.value, latest_th, previous_th
            ),
            "en": "{:,} cases of this type were reported {} in {}, and none in {}.".format(
                trend.latest.value, where_en, latest_en, previous_en
            ),
        }

    change = percent(trend.change)
    return {
        "code": "cases_rising",
        "th": "คดีประเภทนี้{}เพิ่มขึ้น {}% (เฉลี่ยต่อวัน ช่วง {} เทียบกับช่วง {})".format(
            where_th, change, latest_th, previous_th
        ),
        "en": "Cases of this type rose {}% {} (per day, {} compared with {}).".format(
            change, where_en, latest_en, previous_en
        ),
    }


def weak_quiz(correct_share, takers, area_code):
    """Explain a weak quiz result with the share of correct answers and the number of takers."""
    where_th, where_en = area_phrase(area_code)
    share = percent(correct_share)
    return {
        "code": "quiz_weak",
        "th": "ผู้เล่นเกม{}ตอบคำถามประเภทนี้ถูก {}% (ผู้เล่น {:,} ครั้ง)".format(where_th, share, takers),
        "en": "Quiz takers {} answer {}% of these questions correctly ({:,} attempts).".format(
            where_en, share, takers
        ),
    }


def no_media():
    return {
        "code": "no_media",
        "th": "ยังไม่มีสื่อในคลังที่ครอบคลุมประเภทนี้",
        "en": "No media in the library covers this type yet.",
    }


def join(reasons):
    """Join several reasons into one sentence per language."""
    return {
        "th": " และ".join(reason["th"] for reason in reasons),
        "en": " ".join(reason["en"] for reason in reasons),
    }
