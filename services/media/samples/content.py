"""Wording of the sample posters and leaflets, in Thai and English.

Every sentence here was written for Cyber Vaccine. Thai strings use spaces
between phrases, because the renderer wraps lines only at spaces.
"""

from dataclasses import dataclass

HOTLINE = "1441"
REPORT_SITE = "thaipoliceonline.go.th"

AUDIENCES = (
    "general-public",
    "elderly",
    "students",
    "online-sellers",
    "migrant-workers",
    "farmers",
)
CHANNELS = ("print", "social", "loudspeaker", "screen")


@dataclass(frozen=True)
class Tip:
    """One warning sign or protective step, in both languages."""

    th: str
    en: str


@dataclass(frozen=True)
class ScamContent:
    """Poster and leaflet text for one scam type."""

    title_th: str
    title_en: str
    hook_th: str
    hook_en: str
    tips: tuple[Tip, ...]
    audiences: tuple[str, ...]


# Labels that do not depend on the scam type, keyed by language code.
LABELS = {
    "th": {
        "brand": "ไซเบอร์วัคซีน",
        "leaflet_tagline": "แผ่นพับความรู้ รู้ทันกลโกง · Cyber Vaccine",
        "category": "ประเภทคดี",
        "tips_heading": "สัญญาณเตือนและวิธีป้องกัน",
        "after_heading": "ถ้าเกิดขึ้นแล้ว ทำอย่างไรดี",
        "hotline": "สายด่วน",
        "report": f"แจ้งความออนไลน์ {REPORT_SITE}",
        "sample_note": "สื่อตัวอย่างจากโครงการไซเบอร์วัคซีน",
    },
    "en": {
        "brand": "Cyber Vaccine",
        "leaflet_tagline": "Scam awareness leaflet · ไซเบอร์วัคซีน",
        "category": "Case type",
        "tips_heading": "Warning signs and how to protect yourself",
        "after_heading": "If it has already happened",
        "hotline": "Hotline",
        "report": f"Report online: {REPORT_SITE}",
        "sample_note": "Sample media from the Cyber Vaccine project",
    },
}

POSTER_TAGLINE = "Cyber Vaccine · รู้ทันกลโกง ป้องกันได้"
POSTER_TIPS_HEADING = "สังเกตให้ดี · Warning signs"
POSTER_FOOTER_EN = f"Anti-scam hotline {HOTLINE} · Report online: {REPORT_SITE}"
SAMPLE_TAG = "สื่อตัวอย่าง · Sample"

# Steps printed on every leaflet for people who have already lost money.
AFTER_A_SCAM = (
    Tip(
        th=f"โทรหาธนาคารของคุณ หรือสายด่วน {HOTLINE} เพื่อขอระงับบัญชีโดยเร็วที่สุด",
        en=f"Call your bank or the {HOTLINE} hotline as soon as possible to freeze the account.",
    ),
    Tip(
        th="เก็บหลักฐานทั้งหมด เช่น แชต สลิปโอนเงิน เลขบัญชี ลิงก์ และเบอร์โทรศัพท์",
        en="Keep all evidence: chats, transfer slips, account numbers, links and phone numbers.",
    ),
    Tip(
        th=f"แจ้งความออนไลน์ที่ {REPORT_SITE} หรือที่สถานีตำรวจใกล้บ้าน",
        en=f"Report online at {REPORT_SITE} or at your nearest police station.",
    ),
    Tip(
        th="เล่าให้คนที่ไว้ใจฟัง การถูกหลอกไม่ใช่ความผิดของคุณ",
        en="Tell someone you trust. Being scammed is not your fault.",
    ),
)

SCAM_CONTENT = {
    "shopping": ScamContent(
        title_th="ซื้อของออนไลน์ โอนแล้วไม่ได้ของ",
        title_en="Paid online, but the item never came",
        hook_th="ราคาถูกเกินจริง และเร่งให้โอนก่อน คือสัญญาณให้หยุดคิด",
        hook_en="A price far too low and pressure to pay first are signs to stop and think.",
        tips=(
            Tip(
                th="ค้นหาชื่อและเลขบัญชีผู้ขาย ว่าเคยมีคนร้องเรียนหรือไม่",
                en="Search the seller's name and account number for past complaints.",
            ),
            Tip(
                th="เลือกเก็บเงินปลายทาง หรือจ่ายผ่านระบบของแพลตฟอร์ม",
                en="Choose cash on delivery or pay through the platform's own checkout.",
            ),
            Tip(
                th="ราคาต่ำกว่าท้องตลาดมาก ให้สงสัยไว้ก่อน",
                en="Treat a price far below the market price as a warning.",
            ),
            Tip(
                th="เก็บภาพแชตและสลิปโอนเงินไว้ทุกครั้ง",
                en="Always keep chat screenshots and transfer slips.",
            ),
        ),
        audiences=("general-public", "online-sellers", "students"),
    ),
    "shopping-organised": ScamContent(
        title_th="ร้านค้าปลอม โฆษณาปลอม",
        title_en="Fake shops and fake ads",
        hook_th="เพจที่ดูน่าเชื่อถือ อาจถูกสร้างขึ้นเพื่อหลอกผู้ซื้อจำนวนมาก",
        hook_en="A shop page that looks trustworthy may be built to cheat many buyers at once.",
        tips=(
            Tip(
                th="ดูอายุเพจ ประวัติการเปลี่ยนชื่อ และรีวิวจากผู้ซื้อจริง",
                en="Check the page's age, its past names and reviews from real buyers.",
            ),
            Tip(
                th="ชื่อบัญชีรับเงิน ต้องตรงกับชื่อร้านหรือบริษัท",
                en="The receiving account name should match the shop or company.",
            ),
            Tip(
                th="ระวังลิงก์โฆษณา ที่พาออกไปซื้อนอกแพลตฟอร์ม",
                en="Be careful with ad links that take you off the platform to pay.",
            ),
            Tip(
                th="ไม่แน่ใจ ให้สั่งจากเว็บไซต์หรือร้านทางการของแบรนด์",
                en="When unsure, order from the brand's official website or store.",
            ),
        ),
        audiences=("general-public", "students", "online-sellers"),
    ),
    "job": ScamContent(
        title_th="งานง่าย รายได้ดี แต่ต้องโอนก่อน",
        title_en="Easy work, good pay, but pay first",
        hook_th="งานจริง ไม่เรียกเก็บเงินจากคนทำงาน",
        hook_en="A real job does not ask its workers for money.",
        tips=(
            Tip(
                th="ถูกขอค่าสมัคร ค่ามัดจำ หรือค่าปลดล็อกงาน ให้หยุดทันที",
                en="Stop at once if asked for sign-up fees, deposits or fees to unlock tasks.",
            ),
            Tip(
                th="ระวังงานกดไลก์ เขียนรีวิว หรือสั่งสินค้าเพื่อรับค่าคอมมิชชัน",
                en="Be wary of tasks such as liking, reviewing or ordering for commission.",
            ),
            Tip(
                th="เงินที่ได้คืนในรอบแรก ๆ คือเหยื่อล่อให้โอนเพิ่ม",
                en="Small payouts at the start are bait to make you pay in more.",
            ),
            Tip(
                th="อย่าให้ใครเช่าหรือยืมบัญชีธนาคารของคุณ",
                en="Never rent out or lend your bank account to anyone.",
            ),
        ),
        audiences=("students", "general-public", "migrant-workers"),
    ),
    "loan": ScamContent(
        title_th="กู้ง่าย อนุมัติไว แต่ต้องจ่ายก่อน",
        title_en="Fast loan approval, but pay first",
        hook_th="ผู้ให้กู้ที่ถูกกฎหมาย ไม่ให้โอนเงินก่อนได้รับเงินกู้",
        hook_en="A lawful lender does not ask you to pay before the loan is paid out.",
        tips=(
            Tip(
                th="ถูกขอค่าธรรมเนียมหรือค่าประกันก่อนรับเงินกู้ คือสัญญาณอันตราย",
                en="Fees or insurance demanded before the payout are a red flag.",
            ),
            Tip(
                th="ตรวจว่าผู้ให้กู้ได้รับอนุญาตจากธนาคารแห่งประเทศไทย",
                en="Check that the lender is licensed by the Bank of Thailand.",
            ),
            Tip(
                th="ไม่ติดตั้งแอปเงินกู้จากลิงก์ในแชตหรือ SMS",
                en="Do not install loan apps from links in chats or SMS.",
            ),
            Tip(
                th="ไม่ส่งรูปบัตรประชาชนให้คนที่ไม่รู้จัก",
                en="Do not send photos of your ID card to strangers.",
            ),
        ),
        audiences=("general-public", "farmers", "migrant-workers"),
    ),
    "investment": ScamContent(
        title_th="ลงทุนน้อย กำไรสูง รับประกันผลตอบแทน",
        title_en="Small stake, big returns, guaranteed",
        hook_th="ไม่มีการลงทุนจริงใด ที่รับประกันกำไรสูงโดยไม่มีความเสี่ยง",
        hook_en="No real investment promises high profit without risk.",
        tips=(
            Tip(
                th="ตรวจรายชื่อบริษัทกับ ก.ล.ต. ก่อนลงทุนทุกครั้ง",
                en="Check the company with Thailand's SEC before you invest.",
            ),
            Tip(
                th="ระวังกลุ่มแชตที่มีสมาชิกอวดกำไรทุกวัน",
                en="Be wary of chat groups where members show off profits every day.",
            ),
            Tip(
                th="ถอนเงินไม่ได้ หรือถูกขอค่าภาษีก่อนถอน ให้หยุดโอนทันที",
                en="If you cannot withdraw, or must pay 'tax' first, stop paying in.",
            ),
            Tip(
                th="ไม่ลงทุนผ่านแอปหรือเว็บ ที่คนรู้จักทางออนไลน์แนะนำ",
                en="Do not invest through apps or sites suggested by online contacts.",
            ),
        ),
        audiences=("general-public", "elderly", "students"),
    ),
    "call-center": ScamContent(
        title_th="โทรมาขู่ว่า คุณทำผิดกฎหมาย",
        title_en="Calls claiming you broke the law",
        hook_th="ตำรวจตัวจริง ไม่ให้โอนเงินเพื่อตรวจสอบ และไม่สอบปากคำผ่านวิดีโอคอล",
        hook_en="Real police never ask for money to check your account or question you by video call.",
        tips=(
            Tip(
                th="อ้างว่ามีพัสดุผิดกฎหมาย หรือบัญชีพัวพันคดี ให้วางสาย แล้วโทรกลับหน่วยงานเอง",
                en="Claims of illegal parcels or accounts linked to a crime: hang up and call the agency yourself.",
            ),
            Tip(
                th="ไม่มีหน่วยงานใด ให้โอนเงินไปบัญชีอื่นเพื่อ “ตรวจสอบ”",
                en="No agency asks you to move money to another account 'for checking'.",
            ),
            Tip(
                th="ห้ามบอกรหัส OTP หรือรหัสผ่านกับใคร",
                en="Never tell anyone your OTP code or password.",
            ),
            Tip(
                th="ปรึกษาคนในครอบครัว ก่อนทำตามคำสั่งทางโทรศัพท์",
                en="Talk to your family before following orders given over the phone.",
            ),
        ),
        audiences=("elderly", "general-public", "farmers"),
    ),
    "impersonation": ScamContent(
        title_th="แชตจากคนรู้จัก ขอยืมเงินด่วน",
        title_en="A friend's account asks to borrow money",
        hook_th="บัญชีของเพื่อนอาจถูกแฮ็กหรือถูกปลอม โทรถามให้แน่ใจก่อนโอน",
        hook_en="Your friend's account may be hacked or faked. Call them before you transfer.",
        tips=(
            Tip(
                th="โทรหาเบอร์เดิมที่เคยใช้ ไม่ใช่เบอร์ที่ส่งมาในแชต",
                en="Call the number you already know, not one sent in the chat.",
            ),
            Tip(
                th="ชื่อบัญชีรับเงินไม่ใช่ชื่อเพื่อน ให้สงสัยทันที",
                en="Be suspicious if the receiving account is not in your friend's name.",
            ),
            Tip(
                th="ระวังข้อความเร่งรีบ เช่น “ด่วนมาก พรุ่งนี้คืนให้”",
                en="Watch for rushed messages such as 'urgent, I'll pay you back tomorrow'.",
            ),
            Tip(
                th="ถามเรื่องที่มีแค่คุณกับเพื่อนเท่านั้นที่รู้",
                en="Ask about something only you and your friend would know.",
            ),
        ),
        audiences=("elderly", "general-public", "students"),
    ),
    "reward": ScamContent(
        title_th="ยินดีด้วย คุณได้รับรางวัล",
        title_en="Congratulations, you have won a prize",
        hook_th="ถ้าต้องจ่ายเงินก่อนจึงจะได้รางวัล นั่นไม่ใช่รางวัลจริง",
        hook_en="If you must pay before you receive a prize, it is not a real prize.",
        tips=(
            Tip(
                th="ไม่ได้ร่วมกิจกรรมใด แต่ได้รางวัล ให้สงสัยไว้ก่อน",
                en="Be suspicious of winning a draw you never entered.",
            ),
            Tip(
                th="ไม่จ่ายค่าภาษี ค่าจัดส่ง หรือค่าธรรมเนียมเพื่อรับรางวัล",
                en="Never pay tax, delivery or fees to claim a prize.",
            ),
            Tip(
                th="ไม่กดลิงก์รับรางวัลที่ส่งมาทาง SMS หรือแชต",
                en="Do not tap prize links sent by SMS or chat.",
            ),
            Tip(
                th="ตรวจสอบกับบริษัทผ่านช่องทางทางการเท่านั้น",
                en="Check with the company through its official channels only.",
            ),
        ),
        audiences=("elderly", "farmers", "general-public"),
    ),
    "remote-access": ScamContent(
        title_th="กดลิงก์ ติดตั้งแอป แล้วเงินหาย",
        title_en="Tap a link, install an app, lose your money",
        hook_th="แอปควบคุมเครื่อง ทำให้คนร้ายเห็นหน้าจอและโอนเงินแทนคุณได้",
        hook_en="A remote-control app lets criminals see your screen and move your money.",
        tips=(
            Tip(
                th="ไม่ติดตั้งแอปจากลิงก์ที่ส่งมาทาง SMS หรือแชต",
                en="Never install apps from links sent by SMS or chat.",
            ),
            Tip(
                th="ไม่ให้สิทธิ์ “การช่วยเหลือพิเศษ” กับแอปที่ไม่รู้จัก",
                en="Do not give Accessibility permission to apps you do not know.",
            ),
            Tip(
                th="ใครขอให้ติดตั้งแอปแชร์หน้าจอ ให้ปฏิเสธ",
                en="Say no to anyone who asks you to install a screen-sharing app.",
            ),
            Tip(
                th="สงสัยว่าเครื่องถูกควบคุม ให้ปิดอินเทอร์เน็ต แล้วโทรหาธนาคารทันที",
                en="If you think your phone is controlled, turn off the internet and call your bank.",
            ),
        ),
        audiences=("elderly", "general-public", "farmers"),
    ),
    "romance": ScamContent(
        title_th="รักทางออนไลน์ แล้วถูกขอเงิน",
        title_en="Online love that turns into money requests",
        hook_th="คนที่ไม่เคยพบหน้ากันจริง แต่ขอให้โอนเงิน ควรหยุดคิดก่อน",
        hook_en="Someone you have never met in person is asking for money: pause first.",
        tips=(
            Tip(
                th="ถ้าอีกฝ่ายเลี่ยงวิดีโอคอลและการนัดพบเสมอ ให้ระวัง",
                en="Be careful if they always avoid video calls and meeting up.",
            ),
            Tip(
                th="ระวังเรื่องของขวัญติดศุลกากร หรือการชวนลงทุน",
                en="Watch for stories of gifts stuck in customs or offers to invest.",
            ),
            Tip(
                th="ค้นหารูปโปรไฟล์ ว่าเป็นรูปของคนอื่นหรือไม่",
                en="Search their profile photo to see whether it belongs to someone else.",
            ),
            Tip(
                th="เล่าให้คนใกล้ชิดฟัง ก่อนโอนเงินทุกครั้ง",
                en="Tell someone close to you before you send any money.",
            ),
        ),
        audiences=("elderly", "general-public", "migrant-workers"),
    ),
    "digital-asset": ScamContent(
        title_th="เหรียญคริปโตกำไรงาม ที่ถอนไม่ได้",
        title_en="Crypto profits you can never withdraw",
        hook_th="แพลตฟอร์มปลอมแสดงตัวเลขกำไรสวยงาม แต่เงินจริงไม่กลับมา",
        hook_en="A fake platform shows fine profits, but the real money never comes back.",
        tips=(
            Tip(
                th="ใช้ศูนย์ซื้อขายที่ได้รับอนุญาตจาก ก.ล.ต. เท่านั้น",
                en="Use only exchanges licensed by Thailand's SEC.",
            ),
            Tip(
                th="ไม่บอกรหัสกู้คืนกระเป๋าเงิน (seed phrase) กับใคร",
                en="Never tell anyone your wallet recovery phrase (seed phrase).",
            ),
            Tip(
                th="ระวังเหรียญใหม่ ที่โฆษณาว่าราคาขึ้นแน่นอน",
                en="Be wary of new coins advertised as certain to rise.",
            ),
            Tip(
                th="ไม่ให้คนแปลกหน้าเปิดบัญชีหรือโอนเหรียญแทนคุณ",
                en="Do not let strangers open accounts or move coins for you.",
            ),
        ),
        audiences=("students", "general-public"),
    ),
    "false-data": ScamContent(
        title_th="สลิปปลอม ข้อมูลปลอม",
        title_en="Fake slips and false information",
        hook_th="ภาพสลิปหรือเอกสารในแชตปลอมได้ง่าย ตรวจยอดเงินในบัญชีจริงทุกครั้ง",
        hook_en="Slips and documents in a chat are easy to fake. Always check your real balance.",
        tips=(
            Tip(
                th="ผู้ขายควรดูยอดเงินเข้าในแอปธนาคาร ก่อนส่งสินค้า",
                en="Sellers: confirm the payment in your bank app before you ship.",
            ),
            Tip(
                th="สแกน QR บนสลิป เพื่อตรวจกับธนาคาร",
                en="Scan the QR code on a slip to verify it with the bank.",
            ),
            Tip(
                th="ไม่แชร์ข่าวหรือข้อมูล ที่ยังไม่ได้ตรวจสอบ",
                en="Do not share news or information you have not checked.",
            ),
            Tip(
                th="การนำข้อมูลเท็จเข้าสู่ระบบคอมพิวเตอร์ มีความผิดตามกฎหมาย",
                en="Putting false data into a computer system is a criminal offence.",
            ),
        ),
        audiences=("online-sellers", "general-public", "students"),
    ),
    "hacking": ScamContent(
        title_th="บัญชีถูกเจาะ ข้อมูลรั่วไหล",
        title_en="Hacked accounts and leaked data",
        hook_th="รหัสผ่านที่ดี และการยืนยันตัวตนสองชั้น ช่วยล็อกบัญชีของคุณ",
        hook_en="Strong passwords and two-step verification help lock your accounts.",
        tips=(
            Tip(
                th="ตั้งรหัสผ่านไม่ซ้ำกันในแต่ละบัญชี",
                en="Use a different password for each account.",
            ),
            Tip(
                th="เปิดการยืนยันตัวตนสองชั้น (2FA)",
                en="Turn on two-factor authentication (2FA).",
            ),
            Tip(
                th="ไม่กรอกรหัสผ่าน ในหน้าเว็บที่เปิดจากลิงก์ในข้อความ",
                en="Do not type passwords into pages opened from message links.",
            ),
            Tip(
                th="อัปเดตระบบและแอปให้เป็นรุ่นล่าสุดเสมอ",
                en="Keep your phone system and apps up to date.",
            ),
        ),
        audiences=("online-sellers", "students", "general-public"),
    ),
    "other": ScamContent(
        title_th="กลโกงรูปแบบใหม่ เกิดขึ้นได้เสมอ",
        title_en="New scam tricks appear all the time",
        hook_th="ถูกเร่ง ถูกขู่ หรือถูกขอเงิน ให้หยุด คิด แล้วตรวจสอบ",
        hook_en="Rushed, threatened or asked for money? Stop, think, then check.",
        tips=(
            Tip(
                th="ไม่รีบตัดสินใจ เมื่อถูกกดดัน",
                en="Do not make decisions under pressure.",
            ),
            Tip(
                th="ไม่โอนเงินให้คนที่รู้จักแค่ทางออนไลน์",
                en="Do not send money to people you know only online.",
            ),
            Tip(
                th="ไม่บอกข้อมูลส่วนตัว รหัส OTP หรือรหัสผ่าน",
                en="Do not share personal details, OTP codes or passwords.",
            ),
            Tip(
                th=f"ไม่แน่ใจ โทรปรึกษาสายด่วน {HOTLINE}",
                en=f"Not sure? Call the {HOTLINE} hotline for advice.",
            ),
        ),
        audiences=("general-public", "elderly", "farmers", "migrant-workers"),
    ),
}
