package vn.haiphong.indicators.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inbox's listing, through Hadoop (the night) and through the JDK (the launcher), is one and the same. */
class InboxScannerTest {
    @TempDir Path inbox;

    private void file(String path, int bytes) throws Exception {
        Path f = inbox.resolve(path);
        Files.createDirectories(f.getParent());
        Files.write(f, new byte[bytes]);
    }

    @Test
    void theLaunchersListingIsTheNightsListing() throws Exception {
        file("bhyt/bhyt_the_2026-04.csv", 500);
        file("bhyt/bhyt_the_2026-03.csv", 600);
        file("bhyt/.bhyt_the_2026-05.csv.part", 10); // being copied
        file("bhyt/_notes.csv", 20);
        file("bhyt/old/bhyt_the_2025-12.csv", 30); // a folder inside a contract folder is not read
        file("dan_so/dan_so_2026.csv", 40);
        file("elsewhere/bhyt_the_2026-06.csv", 50); // not a contract folder
        file("bhyt_the_2026-07.csv", 60); // the inbox's root
        List<InboxScanner.InboxFile> night = new InboxScanner(new Configuration()).listing(inbox.toString(), ExtractSpec.loadAll().values());
        List<InboxScanner.InboxFile> launcher = InboxScanner.localListing(inbox, InboxScanner.contractFolders());
        assertEquals(night, launcher);
        assertEquals(List.of("bhyt/bhyt_the_2026-03.csv", "bhyt/bhyt_the_2026-04.csv", "dan_so/dan_so_2026.csv"),
                launcher.stream().map(f -> f.folder() + "/" + f.name()).toList());
    }
}
