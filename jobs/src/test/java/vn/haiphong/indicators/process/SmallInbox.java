package vn.haiphong.indicators.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** A few of the committed sample files, one or two per source: a whole night with every stage, in little time. */
public final class SmallInbox {
    private SmallInbox() { }

    static final List<String> FILES = List.of(
            "bhyt/bhyt_the_2025-12.csv", "bhyt/bhyt_the_2026-09.csv", "bhyt/bhyt_tram_y_te_2025-12.csv",
            "dan_so/dan_so_2025.csv", "truong_hoc/truong_hoc_2025-2026.csv", "truong_hoc/danh_gia_xhcn_2026-05-20.csv",
            "nha_o_xa_hoi/noxh_du_an_2025-12.csv", "nha_o_xa_hoi/noxh_ho_so_2026-09.csv",
            "nhua_du_lich/co_so_du_lich_2025-12.csv", "nhua_du_lich/rac_nhua_2025-06.csv", "nhua_du_lich/rac_nhua_2026-06.csv",
            "chi_tieu/chi_tieu_kt_xh_2024.csv", "chi_tieu/chi_tieu_kt_xh_2025.csv");

    public static Path write(Path inbox) {
        Path samples = Path.of("../data-samples/inbox");
        try {
            for (String f : FILES) {
                Path target = inbox.resolve(f);
                Files.createDirectories(target.getParent());
                Files.copy(samples.resolve(f), target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return inbox;
    }
}
