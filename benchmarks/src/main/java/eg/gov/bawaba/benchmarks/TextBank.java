package eg.gov.bawaba.benchmarks;

import java.util.List;
import java.util.Map;

/** Paired Arabic and English phrases the synthetic feed is composed from, in the style of the ministry's own records. */
final class TextBank {

    /** An Arabic phrase and its English counterpart. */
    record Pair(String ar, String en) {}

    /** The ministry's type codes, all in its code list, with their weight in the feed. */
    static final List<String> TYPES = List.of("CAR", "HOUSING", "CERT", "EDU", "PENSION", "INS", "INVEST", "TRAIN",
            "REPAT", "EXPERT");
    static final int[] TYPE_WEIGHTS = {14, 16, 12, 10, 8, 10, 9, 8, 5, 8};

    static final Map<String, List<Pair>> SUBJECTS = Map.of(
            "CAR", List.of(new Pair("استيراد سيارة معفاة من الجمارك", "Customs-free car import"),
                    new Pair("إعفاء سيارة العائد نهائيًا", "Car exemption for returning residents"),
                    new Pair("تخليص جمركي للأمتعة الشخصية", "Customs clearance of personal belongings")),
            "HOUSING", List.of(new Pair("وحدة سكنية بالعملة الأجنبية", "Housing unit paid in foreign currency"),
                    new Pair("أرض بمشروع بيت الوطن", "Plot in the Bait Al-Watan project"),
                    new Pair("شقة بالمدن الجديدة", "Apartment in the new cities")),
            "CERT", List.of(new Pair("شهادات بلادي الدولارية", "Biladi dollar savings certificates"),
                    new Pair("وديعة ادخارية بالعملة الأجنبية", "Foreign-currency savings deposit"),
                    new Pair("حساب جاري للمصريين بالخارج", "Current account for Egyptians abroad")),
            "EDU", List.of(new Pair("قبول أبناء المصريين بالخارج بالجامعات", "University admission for expatriate children"),
                    new Pair("معادلة الشهادات الدراسية", "Equivalence of school certificates"),
                    new Pair("منحة دراسية بالجامعات المصرية", "Scholarship at Egyptian universities")),
            "PENSION", List.of(new Pair("اشتراك التأمينات للعاملين بالخارج", "Social insurance for workers abroad"),
                    new Pair("صرف المعاش من الخارج", "Pension payment abroad")),
            "INS", List.of(new Pair("شهادة أمان للتأمين على الحياة", "Amaan life insurance certificate"),
                    new Pair("تأمين صحي للأسرة في مصر", "Health insurance for the family in Egypt")),
            "INVEST", List.of(new Pair("أسهم شركة المصريين بالخارج للاستثمار", "Shares of the Egyptians Abroad Investment Company"),
                    new Pair("تأسيس مشروع صغير في مصر", "Starting a small business in Egypt")),
            "TRAIN", List.of(new Pair("مبادرة اتكلم عربي لتعليم اللغة", "Etkalem Araby Arabic language initiative"),
                    new Pair("تدريب مهني قبل السفر", "Vocational training before travel")),
            "REPAT", List.of(new Pair("نقل جثامين المتوفين بالخارج", "Repatriation of the remains of the deceased"),
                    new Pair("إعادة المواطنين العالقين", "Return of stranded citizens")),
            "EXPERT", List.of(new Pair("قاعدة بيانات الخبراء مصر تستطيع", "Egypt Can expert network"),
                    new Pair("تسجيل الكفاءات المصرية بالخارج", "Registry of Egyptian talent abroad")));

    static final List<Pair> AUDIENCES = List.of(
            new Pair("للمصريين المقيمين في دول الخليج", "for Egyptians residing in the Gulf states"),
            new Pair("للعاملين بالخارج وأسرهم", "for workers abroad and their families"),
            new Pair("للطلاب المصريين بالخارج", "for Egyptian students abroad"),
            new Pair("للمصريين العائدين إلى الوطن", "for Egyptians returning home"),
            new Pair("للأجيال الثانية والثالثة", "for second and third generations"),
            new Pair("لأصحاب المعاشات بالخارج", "for pensioners living abroad"));

    static final List<Pair> SENTENCES = List.of(
            new Pair("تتيح الوزارة هذه الخدمة بالتنسيق مع الجهات المختصة.", "The ministry offers this in coordination with the competent authorities."),
            new Pair("يتم تقديم الطلب إلكترونيًا أو من خلال السفارة.", "Applications are made online or through the embassy."),
            new Pair("تسري المزايا لمدة خمس سنوات من تاريخ الموافقة.", "The benefits apply for five years from the date of approval."),
            new Pair("يتم الرد على الطلب خلال ثلاثين يوم عمل.", "Applications are answered within thirty working days."),
            new Pair("تسدد الرسوم بالعملة الأجنبية من حساب خارج مصر.", "Fees are paid in foreign currency from an account outside Egypt."),
            new Pair("لا يشترط الحضور الشخصي إلى مصر.", "Applying does not require travelling to Egypt."),
            new Pair("تطبق المبادرة على جميع المحافظات.", "The initiative applies in every governorate."));

    static final List<Pair> CONDITIONS = List.of(
            new Pair("أن يكون المتقدم مصري الجنسية", "The applicant is an Egyptian national"),
            new Pair("حيازة إقامة قانونية سارية خارج مصر", "A valid legal residence outside Egypt"),
            new Pair("ألا يقل سن المتقدم عن 21 عامًا", "The applicant is at least 21 years old"),
            new Pair("الإقامة بالخارج لمدة لا تقل عن سنة", "Residence abroad for at least one year"),
            new Pair("عدم الاستفادة من المبادرة من قبل", "Not having used the initiative before"),
            new Pair("سداد المبلغ من حساب بنكي بالخارج", "Payment from a bank account abroad"));

    static final List<Pair> DOCUMENTS = List.of(
            new Pair("جواز سفر مصري ساري", "Valid Egyptian passport"),
            new Pair("بطاقة الرقم القومي", "National ID card"),
            new Pair("إقامة سارية في دولة الإقامة", "Valid residence permit of the country of residence"),
            new Pair("شهادة الميلاد", "Birth certificate"),
            new Pair("إيصال التحويل البنكي", "Bank transfer receipt"),
            new Pair("صورة شخصية حديثة", "Recent personal photo"));

    /** Name, type and the Arabic and English label of a form field. */
    static final List<String[]> FORM_FIELDS = List.of(
            new String[] {"nationalId", "string", "الرقم القومي", "National ID number"},
            new String[] {"passportNumber", "string", "رقم جواز السفر", "Passport number"},
            new String[] {"email", "email", "البريد الإلكتروني", "Email"},
            new String[] {"birthDate", "date", "تاريخ الميلاد", "Date of birth"},
            new String[] {"dependants", "integer", "عدد المعالين", "Number of dependants"},
            new String[] {"amount", "number", "المبلغ", "Amount"},
            new String[] {"returning", "boolean", "عائد نهائيًا", "Returning for good"});

    /** ISO codes with their weight: most expatriates live in the Gulf. */
    static final List<String> COUNTRIES = List.of("SA", "AE", "KW", "QA", "BH", "OM", "JO", "IQ", "LY", "US", "CA",
            "GB", "DE", "FR", "IT", "NL", "AT", "GR", "AU", "CH", "SE", "ES", "JP", "ZA", "NG");

    static final List<String> APPLY_AT = List.of("EMBASSY", "INSURANCE_OFFICE", "MINISTRY_HQ", "POST_OFFICE");
    static final List<String> CURRENCIES = List.of("USD", "EUR", "SAR", "AED", "GBP");

    /** Search terms that occur in the feed, to drive realistic {@code q} requests. */
    static final List<String> ARABIC_QUERIES = List.of("سيارة", "وحدة سكنية", "شهادات", "الجامعات", "المعاش",
            "تأمين", "الاستثمار", "اللغة", "الخبراء", "جمارك الأمتعة", "الخليج");
    static final List<String> ENGLISH_QUERIES = List.of("car", "housing", "savings certificates", "university",
            "pension", "insurance", "investment", "arabic language", "expert", "customs clearance", "gulf states");

    private TextBank() {}
}
