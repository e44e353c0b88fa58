package io.gristmill.coordinator.internal.input;

import io.gristmill.cluster.io.Storages;
import io.gristmill.cluster.io.s3.S3Lister;
import io.gristmill.cluster.io.s3.S3Location;

import java.io.IOException;
import java.util.regex.PatternSyntaxException;

/**
 * Lists one {@code s3://bucket/prefix} input pattern into a {@link Listing}, as {@link InputLister} lists a folder:
 * an object named exactly, or every object below the prefix (skipping {@code _}/{@code .} names), or, for a glob,
 * the objects below its fixed part whose key relative to it matches the rest ({@code s3://logs/2024/ * /*.gz}).
 * Blocking. Stateless.
 */
final class S3InputListing {
    private S3InputListing() {
    }

    /** Adds the objects of {@code pattern}; false if it matched none. */
    static boolean list(String pattern, Listing listing) throws IOException {
        S3Location location;
        try {
            location = S3Location.parse(pattern);
        } catch (IllegalArgumentException e) {
            throw new InputPatternException(pattern, "input " + e.getMessage());
        }
        // submission waits for this listing: calls that give up within seconds on a silent endpoint
        S3Lister lister = new S3Lister(Storages.s3ForChecks());
        int globAt = InputLister.firstGlobSegment(location.key());
        if (globAt < 0) {
            return lister.list(location, (path, size) -> {
                listing.checkTime(pattern);
                listing.addLocation(pattern, path, size);
            }) > 0;
        }
        String fixedKey = location.key().substring(0, Math.max(0, globAt - 1)); // without the '/' before the glob
        S3Location fixed = new S3Location(location.bucket(), fixedKey);
        GlobPattern glob = compile(pattern, location.key().substring(globAt));
        String base = S3Location.SCHEME + fixed.bucket() + "/" + fixed.prefix();
        int[] matched = {0};
        lister.list(fixed, (path, size) -> {
            listing.checkTime(pattern);
            if (path.startsWith(base) && glob.matchesPathOrAncestor(path.substring(base.length()))) {
                listing.addLocation(pattern, path, size);
                matched[0]++;
            }
        });
        return matched[0] > 0;
    }

    private static GlobPattern compile(String pattern, String glob) throws InputPatternException {
        try {
            return GlobPattern.compile(glob);
        } catch (PatternSyntaxException e) {
            throw new InputPatternException(pattern, "input '" + pattern + "' is not a valid glob: "
                    + e.getDescription());
        }
    }
}
