"""The shareable result card: a square PNG with the score, an encouraging line and the hotlines.

The card shows no personal data, only what the result contains: the
score, the risk level in kind words and the topics to learn next. It is
drawn with Pillow and a Thai font from fonts-thai-tlwg (the lookup of the
media samples, which honours ``CYBERVACCINE_THAI_FONT``).
"""

import io

from PIL import Image, ImageDraw

from services.media.samples.render import find_thai_font, wrap_text

SIZE = 1080
MARGIN = 72
NAVY = (18, 48, 90)
INK = (27, 31, 36)
MUTED = (79, 91, 102)
WHITE = (255, 255, 255)
YELLOW = (255, 209, 102)
TRACK = (222, 228, 235)
LEVEL_COLOURS = {"low": (15, 123, 108), "medium": (29, 95, 191), "high": (138, 90, 0)}

# Wording for each risk level. It encourages and never shames: a high risk
# reads as a starting point, not as a failure.
HEADLINES = {
    "low": ("ภูมิคุ้มกันแข็งแรง", "Strong immunity"),
    "medium": ("ภูมิคุ้มกันกำลังดี", "Good immunity, growing stronger"),
    "high": ("เริ่มสร้างภูมิคุ้มกันแล้ว", "Building immunity, step by step"),
}
ENCOURAGEMENTS = {
    "low": ("รู้ทันกลโกงได้ดีมาก ชวนคนที่คุณรักมาเล่นด้วยกัน", "You spot scams well. Invite the people you care about to play."),
    "medium": ("อีกนิดเดียวจะรู้ทันทุกกลโกง อ่านคำแนะนำแล้วลองอีกครั้ง", "Almost there. Read the tips and try again."),
    "high": ("ทุกคนเริ่มจากจุดนี้ได้ อ่านคำแนะนำแล้วลองเล่นอีกครั้ง", "Everyone starts somewhere. Read the tips and play again."),
}


def render_card(result):
    """Return the PNG bytes of a result card for a result document (see ``rules.result_document``)."""
    fonts = find_thai_font()
    level = result["risk_level"]
    colour = LEVEL_COLOURS[level]
    image = Image.new("RGB", (SIZE, SIZE), WHITE)
    draw = ImageDraw.Draw(image)

    _draw_header(draw, fonts)
    _draw_score(draw, fonts, result["total_score"], colour)
    top = _draw_headline(draw, fonts, level, colour)
    _draw_topics(draw, fonts, result.get("weakest_types") or [], top)
    _draw_footer(draw, fonts)

    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _draw_header(draw, fonts):
    draw.rectangle((0, 0, SIZE, 170), fill=NAVY)
    draw.text((MARGIN, 38), "ผู้พิชิตไซเบอร์วัคซีน", font=fonts.get(54, bold=True), fill=WHITE)
    draw.text((MARGIN, 108), "Cyber Vaccine Conqueror", font=fonts.get(32), fill=YELLOW)


def _draw_score(draw, fonts, score, colour):
    centre, radius = (SIZE // 2, 360), 150
    box = (centre[0] - radius, centre[1] - radius, centre[0] + radius, centre[1] + radius)
    draw.ellipse(box, outline=TRACK, width=18)
    draw.arc(box, start=-90, end=-90 + int(360 * score / 100), fill=colour, width=18)
    draw.text(centre, str(score), font=fonts.get(120, bold=True), fill=INK, anchor="mm")
    draw.text((centre[0], centre[1] + 88), "/ 100", font=fonts.get(34), fill=MUTED, anchor="mm")


def _draw_headline(draw, fonts, level, colour):
    thai, english = HEADLINES[level]
    draw.text((SIZE // 2, 580), thai, font=fonts.get(62, bold=True), fill=colour, anchor="mm")
    draw.text((SIZE // 2, 640), english, font=fonts.get(32), fill=colour, anchor="mm")

    top = 690
    thai, english = ENCOURAGEMENTS[level]
    for text, size, fill in ((thai, 34, INK), (english, 28, MUTED)):
        font = fonts.get(size)
        for line in wrap_text(text, font, SIZE - 2 * MARGIN):
            draw.text((SIZE // 2, top), line, font=font, fill=fill, anchor="ma")
            top += size + 14
    return top + 10


def _draw_topics(draw, fonts, weakest, top):
    if not weakest:
        return
    names = " · ".join(item["name_th"] for item in weakest)
    label = "หัวข้อที่จะเรียนรู้ต่อ (Next topics to learn)"
    draw.text((SIZE // 2, top), label, font=fonts.get(28, bold=True), fill=NAVY, anchor="ma")
    font = fonts.get(28)
    for line in wrap_text(names, font, SIZE - 2 * MARGIN)[:2]:
        top += 42
        draw.text((SIZE // 2, top), line, font=font, fill=INK, anchor="ma")


def _draw_footer(draw, fonts):
    draw.rectangle((0, SIZE - 120, SIZE, SIZE), fill=NAVY)
    text = "สายด่วนตำรวจไซเบอร์ 1441 · เหตุด่วนเหตุร้าย 191"
    draw.text((SIZE // 2, SIZE - 76), text, font=fonts.get(36, bold=True), fill=YELLOW, anchor="mm")
    draw.text((SIZE // 2, SIZE - 30), "Cyber police hotline 1441 · Emergency 191", font=fonts.get(26), fill=WHITE, anchor="mm")
