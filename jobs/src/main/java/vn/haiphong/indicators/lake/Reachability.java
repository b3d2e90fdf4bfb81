package vn.haiphong.indicators.lake;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * A lake or inbox that does not answer fails the run quickly, naming the place and its endpoint: an
 * {@code s3a://} client otherwise retries for minutes before giving up. Messages never carry a credential.
 */
public final class Reachability {
    private Reachability() { }

    /** How long a store has to answer unless the site says otherwise ({@code store.answer_within_s}). */
    public static final Duration DEFAULT_LIMIT = Duration.ofSeconds(30);

    /**
     * Asks the store whether {@code location} exists (a missing table folder is fine), within {@code limit}.
     *
     * @param what "lake" or "inbox", for the message
     */
    /** The lake or the inbox did not answer: nothing can be read from or written to it now. */
    public static final class Unreachable extends IllegalStateException {
        Unreachable(String message) { super(message); }
    }

    public static void require(String what, String location, Configuration conf, Duration limit) {
        ExecutorService probe = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "reachability-" + what);
            t.setDaemon(true); // a client stuck in its retries must not keep the process alive
            return t;
        });
        try {
            Path path = new Path(location);
            Future<Boolean> answer = probe.submit(() -> path.getFileSystem(conf).exists(path));
            answer.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new Unreachable(what + " " + location + " did not answer within " + limit.toSeconds() + " s"
                    + endpoint(location, conf) + "; check the address, the network and the credentials");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof IOException || e.getCause() instanceof RuntimeException ? e.getCause() : e;
            throw new Unreachable(what + " " + location + " cannot be reached" + endpoint(location, conf) + ": "
                    + scrub(cause.getClass().getSimpleName() + ": " + firstLine(cause.getMessage()), conf));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reaching " + what + " " + location, e);
        } finally {
            probe.shutdownNow();
        }
    }

    /** " (endpoint ...)" for an s3a:// location: the bucket's own endpoint setting, else the general one. */
    static String endpoint(String location, Configuration conf) {
        if (!location.startsWith("s3a://")) return "";
        String bucket = new Path(location).toUri().getHost();
        String endpoint = conf.get("fs.s3a.bucket." + bucket + ".endpoint", conf.get("fs.s3a.endpoint", "AWS default"));
        return " (endpoint " + endpoint + ")";
    }

    private static String firstLine(String message) {
        if (message == null) return "no message";
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** Removes any credential value the message might echo. */
    static String scrub(String message, Configuration conf) {
        List<String> secrets = new ArrayList<>();
        for (String env : List.of("AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SESSION_TOKEN", "CITY_INDICATORS_PSEUDONYM_KEY",
                "CITY_INDICATORS_PUBLISH_PASSWORD")) {
            String v = System.getenv(env);
            if (v != null && v.length() >= 4) secrets.add(v);
        }
        for (String key : List.of("fs.s3a.secret.key", "fs.s3a.access.key", "fs.s3a.session.token")) {
            String v = conf.get(key);
            if (v != null && v.length() >= 4) secrets.add(v);
        }
        String out = message;
        for (String s : secrets) out = out.replace(s, "***");
        return out;
    }
}
