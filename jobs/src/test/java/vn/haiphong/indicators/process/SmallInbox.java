package vn.haiphong.indicators.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** A few of the committed sample files from four sources: a whole night with every stage (bronze, silver, marts, scorecard, forecast), in little time. */
public final class SmallInbox {
    private SmallInbox() { }

    static final List<String> FILES = List.of(
            "bhyt/bhyt_the_2025-12.csv", "bhyt/bhyt_tram_y_te_2025-12.csv", "dan_so/dan_so_2025.csv",
            "nha_o_xa_hoi/noxh_du_an_2025-12.csv", "chi_tieu/chi_tieu_kt_xh_2025.csv");

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
