package vn.haiphong.indicators.report;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.text.StringEscapeUtils;
import org.apache.spark.sql.Row;
import vn.haiphong.indicators.ingest.ColumnSpec;
import vn.haiphong.indicators.ingest.ExtractSpec;
import vn.haiphong.indicators.ingest.IngestJob;
import vn.haiphong.indicators.lake.Lake;
import vn.haiphong.indicators.lake.TableNames;
import vn.haiphong.indicators.quality.Completeness;
import vn.haiphong.indicators.quality.DeliveryCalendar;

/**
 * A receipt for every delivered file, for the department that sent it, in Vietnamese, as DHIS2 gives every import a
 * summary: the file's status and why, rows read, accepted and quarantined, and each quarantined row with its line,
 * column, rule, what was found (the row as the quarantine keeps it: personal fields masked) and what the contract
 * expects, so that a clerk can fix the file. {@code <lake>/_receipts/<sender>/<file>--<checksum>.html} and {@code .csv},
 * written once per delivery (a re-delivery, other bytes, gets its own) and never rewritten; one index page per sender
 * lists them with each file's status today.
 */
public final class Receipts {
    private Receipts() { }

    public static final String FOLDER = "_receipts";

    /** Writes the receipts the lake lacks and every sender's index; returns how many receipts were new. */
    public static int write(Lake lake, Map<String, ExtractSpec> specs, DeliveryCalendar calendar) {
        if (!lake.exists(TableNames.OPS_FILE_INGESTION)) return 0;
        List<Row> files = lake.read(TableNames.OPS_FILE_INGESTION).orderBy("source", "file_name", "ingested_at").collectAsList();
        Map<String, List<Row>> bySender = new TreeMap<>();
        Map<Row, String> fresh = new LinkedHashMap<>(); // the deliveries without a receipt (written once, never rewritten): their sender
        for (Row f : files) {
            String sender = senderOf(f.getAs("source"), f.getAs("kind"), specs, calendar);
            bySender.computeIfAbsent(sender, k -> new ArrayList<>()).add(f);
            if (!lake.fileExists(lake.base() + "/" + FOLDER + "/" + sender + "/" + name(f) + ".html")) fresh.put(f, sender);
        }
        // the quarantined rows of those deliveries alone (the quarantine of every night before can be large)
        Map<String, List<Row>> quarantined = new TreeMap<>(); // checksum -> rows, by line
        List<String> withBadRows = fresh.keySet().stream().filter(f -> f.<Long>getAs("rows_quarantined") > 0).map(f -> f.<String>getAs("checksum")).toList();
        if (!withBadRows.isEmpty() && lake.exists(TableNames.OPS_QUARANTINE)) {
            for (Row q : lake.read(TableNames.OPS_QUARANTINE).where(col("checksum").isin(withBadRows.toArray()))
                    .select("checksum", "line_number", "rules", "reason", "raw_masked").orderBy("checksum", "line_number").collectAsList()) {
                quarantined.computeIfAbsent(q.getString(0), k -> new ArrayList<>()).add(q);
            }
        }
        int written = 0;
        for (Map.Entry<Row, String> e : fresh.entrySet()) {
            Row f = e.getKey();
            String sender = e.getValue();
            String base = lake.base() + "/" + FOLDER + "/" + sender + "/" + name(f);
            List<String[]> lines = lines(f, quarantined.getOrDefault(f.<String>getAs("checksum"), List.of()), specs);
            lake.writeText(base + ".csv", csv(lines));
            lake.writeText(base + ".html", html(f, senderName(sender, calendar), lines));
            written++;
        }
        bySender.forEach((sender, list) -> lake.writeText(lake.base() + "/" + FOLDER + "/" + sender + "/index.html",
                index(senderName(sender, calendar), list)));
        return written;
    }

    /** The receipt's file name: the delivered name and the start of its checksum (a re-delivery has its own). */
    static String name(Row f) {
        return f.<String>getAs("file_name") + "--" + f.<String>getAs("checksum").substring(0, 12);
    }

    /** Who sent a file: the calendar's sender of its kind, else of another kind of its folder, else the folder. */
    public static String senderOf(String folder, String kind, Map<String, ExtractSpec> specs, DeliveryCalendar calendar) {
        for (DeliveryCalendar.Line l : calendar.lines()) if (l.indicatorCodes().isEmpty() && l.kind().equals(kind)) return l.senderId();
        for (DeliveryCalendar.Line l : calendar.lines()) {
            ExtractSpec s = specs.get(l.kind());
            if (l.indicatorCodes().isEmpty() && s != null && s.folder().equals(folder)) return l.senderId();
        }
        return folder.replaceAll("[^a-z0-9_]", "_");
    }

    private static String senderName(String senderId, DeliveryCalendar calendar) {
        return calendar.lines().stream().filter(l -> l.senderId().equals(senderId)).map(DeliveryCalendar.Line::sender).findFirst().orElse(senderId);
    }

    /** The status in the clerk's words. */
    static String status(String status) {
        return switch (status) {
            case "ingested", "accepted" -> "Đã tiếp nhận: số liệu đã vào kho dữ liệu";
            case "held" -> "Tạm giữ: tệp sửa (_vN) không có dòng số liệu hoặc ít hơn một nửa số dòng của tệp được thay thế; "
                    + "tệp trước vẫn có hiệu lực cho đến khi nhóm dữ liệu xác nhận";
            case "rejected" -> "Từ chối: tệp không đọc được theo hợp đồng dữ liệu; xin sửa và gửi lại";
            case "superseded" -> "Đã được thay thế bởi một tệp sửa (_vN) sau đó";
            case "duplicate" -> "Trùng: tệp giống hệt một tệp đã gửi; không thay đổi gì";
            default -> status;
        };
    }

    /** Each quarantined row's broken rules: line, column, rule, found (masked), expected. */
    static List<String[]> lines(Row f, List<Row> rows, Map<String, ExtractSpec> specs) {
        ExtractSpec spec = f.getAs("kind") == null ? null : specs.get(f.<String>getAs("kind"));
        Map<String, ColumnSpec> byColumn = new LinkedHashMap<>();
        if (spec != null) spec.columns().forEach(c -> byColumn.put(c.column(), c));
        List<String[]> out = new ArrayList<>();
        for (Row q : rows) {
            for (String rule : q.getString(2).split(";")) {
                String column = rule.contains(".") ? rule.substring(0, rule.indexOf('.')) : rule;
                String check = rule.contains(".") ? rule.substring(rule.indexOf('.') + 1) : "";
                ColumnSpec c = byColumn.get(column);
                out.add(new String[] {String.valueOf(q.getLong(1)), c == null ? "(cả dòng)" : c.header(), ruleVi(check),
                        q.getString(4) == null ? "" : q.getString(4), expected(c, check)});
            }
        }
        return out;
    }

    static String ruleVi(String check) {
        if (check.equals("required")) return "bắt buộc có giá trị";
        if (check.equals("format")) return "sai định dạng";
        if (check.equals("allowed_values")) return "giá trị không nằm trong danh sách cho phép";
        if (check.equals("known")) return "mã không có trong danh mục";
        if (check.equals("not_after_period")) return "sau kỳ của tệp";
        if (check.equals("matches_period")) return "không khớp kỳ của tệp";
        if (check.startsWith("not_above_")) return "lớn hơn " + check.substring("not_above_".length());
        if (check.startsWith("not_before_")) return "nhỏ hơn " + check.substring("not_before_".length());
        if (check.startsWith("empty_iff_")) return "phải để trống khi và chỉ khi " + check.substring("empty_iff_".length()) + " có giá trị";
        if (check.equals("malformed")) return "dòng CSV không đọc được (dấu ngoặc kép chưa đóng?)";
        if (check.equals("field_count")) return "số cột khác với dòng tiêu đề";
        return check;
    }

    /** What the contract expects of the column, in the clerk's terms. */
    static String expected(ColumnSpec c, String check) {
        if (c == null) return "Mỗi dòng có đúng số cột của dòng tiêu đề, phân cách bằng dấu phẩy; trường có dấu phẩy đặt trong ngoặc kép";
        String type = c.type();
        String what = type.startsWith("enum:") ? "một trong: " + type.substring(5).replace("|", ", ")
                : switch (type) {
                    case "date" -> "ngày dạng dd/MM/yyyy";
                    case "date_or_year" -> "ngày dạng dd/MM/yyyy, hoặc chỉ năm yyyy";
                    case "month" -> "tháng dạng MM/yyyy";
                    case "year" -> "năm dạng yyyy";
                    case "school_year" -> "năm học dạng yyyy-yyyy";
                    case "yes_no" -> "Có hoặc Không";
                    case "pass_fail" -> "Đạt hoặc Không đạt";
                    case "commune" -> "mã xã 5 chữ số có trong danh mục (mã mới từ 1/7/2025 hoặc mã cũ)";
                    case "count" -> "số nguyên không âm (dấu chấm ngăn cách hàng nghìn: 45.312)";
                    case "decimal", "amount" -> "số không âm, dấu phẩy thập phân (95,2)";
                    case "card_number" -> "mã thẻ BHYT: 2 chữ cái in hoa rồi 13 chữ số";
                    case "citizen_id" -> "số định danh cá nhân: 12 chữ số";
                    case "text" -> "văn bản";
                    default -> type;
                };
        String rule = c.check() == null || c.check().isBlank() ? "" : "; quy tắc: " + c.check();
        return "Cột \"" + c.header() + "\": " + (c.required() ? "bắt buộc, " : "") + what + rule;
    }

    static String csv(List<String[]> lines) {
        StringBuilder sb = new StringBuilder("\uFEFFDòng,Cột,Quy tắc,Nội dung dòng (đã che dữ liệu cá nhân),Yêu cầu\r\n");
        for (String[] l : lines) {
            for (int i = 0; i < l.length; i++) sb.append(i == 0 ? "" : ",").append(StringEscapeUtils.escapeCsv(l[i]));
            sb.append("\r\n");
        }
        return sb.toString();
    }

    static String html(Row f, String sender, List<String[]> lines) {
        StringBuilder sb = new StringBuilder(page("Biên nhận " + f.getAs("file_name")));
        sb.append("<h1>Biên nhận tệp ").append(e(f.getAs("file_name"))).append("</h1>\n<table class=\"facts\">\n");
        fact(sb, "Đơn vị gửi", sender);
        fact(sb, "Thư mục", f.getAs("source"));
        fact(sb, "Loại tệp / kỳ", (f.getAs("kind") == null ? "(không nhận ra tên tệp)" : f.getAs("kind")) + " / "
                + (f.getAs("period") == null ? "–" : f.getAs("period")));
        fact(sb, "Thời điểm tiếp nhận", String.valueOf(instant(f.get(f.fieldIndex("ingested_at")))));
        fact(sb, "Mã kiểm tra (SHA-256)", f.getAs("checksum"));
        fact(sb, "Trạng thái", status(f.getAs("status")));
        if (f.getAs("message") != null) fact(sb, "Chi tiết", f.getAs("message"));
        fact(sb, "Số dòng đọc", String.valueOf(f.<Long>getAs("rows_read")));
        fact(sb, "Số dòng nhận", String.valueOf(f.<Long>getAs("rows_accepted")));
        fact(sb, "Số dòng bị cách ly", String.valueOf(f.<Long>getAs("rows_quarantined")));
        sb.append("</table>\n");
        if (lines.isEmpty()) {
            sb.append("<p>Không có dòng nào bị cách ly.</p>\n");
        } else {
            sb.append("<h2>Các dòng cần sửa</h2>\n<p>Sửa các dòng dưới đây trong hệ thống của đơn vị và gửi lại cả tệp với tên ")
                    .append("<code>&lt;tên&gt;_v2.csv</code> (tệp sửa thay thế tệp cùng kỳ).</p>\n")
                    .append("<table>\n<tr><th>Dòng</th><th>Cột</th><th>Quy tắc</th><th>Nội dung dòng (đã che dữ liệu cá nhân)</th><th>Yêu cầu</th></tr>\n");
            for (String[] l : lines) {
                sb.append("<tr>");
                for (String cell : l) sb.append("<td>").append(e(cell)).append("</td>");
                sb.append("</tr>\n");
            }
            sb.append("</table>\n");
        }
        return sb.append("</body></html>\n").toString();
    }

    static String index(String sender, List<Row> files) {
        StringBuilder sb = new StringBuilder(page("Biên nhận của " + sender));
        sb.append("<h1>Biên nhận các tệp của ").append(e(sender)).append("</h1>\n<table>\n")
                .append("<tr><th>Tệp</th><th>Kỳ</th><th>Tiếp nhận lúc</th><th>Trạng thái hôm nay</th><th>Dòng đọc</th><th>Dòng bị cách ly</th></tr>\n");
        for (Row f : files) {
            sb.append("<tr><td><a href=\"").append(e(name(f))).append(".html\">").append(e(f.getAs("file_name"))).append("</a></td><td>")
                    .append(e(f.getAs("period") == null ? "–" : f.getAs("period"))).append("</td><td>")
                    .append(e(String.valueOf(instant(f.get(f.fieldIndex("ingested_at")))))).append("</td><td>").append(e(status(f.getAs("status"))))
                    .append("</td><td>").append(f.<Long>getAs("rows_read")).append("</td><td>").append(f.<Long>getAs("rows_quarantined"))
                    .append("</td></tr>\n");
        }
        return sb.append("</table>\n</body></html>\n").toString();
    }

    private static java.time.LocalDateTime instant(Object t) {
        return Completeness.cityTime(t).withNano(0);
    }

    private static String page(String title) {
        return "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>" + e(title) + "</title><style>"
                + "body{font-family:sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
                + "padding:.3em .5em;text-align:left;vertical-align:top}.facts th{width:14em}</style></head><body>\n";
    }

    private static void fact(StringBuilder sb, String label, String value) {
        sb.append("<tr><th>").append(e(label)).append("</th><td>").append(e(value)).append("</td></tr>\n");
    }

    private static String e(String s) {
        return StringEscapeUtils.escapeHtml4(s == null ? "" : s);
    }
}
