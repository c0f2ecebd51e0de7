package dev.basalt.web;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.basalt.protocol.InfoJson;
import org.springframework.boot.info.BuildProperties;

/**
 * The version the node reports. Clients gate features on Lavalink's version, so Basalt reports the Lavalink
 * protocol level it implements ({@code basalt.lavalink-version} in the build info), not its own version.
 */
record NodeVersion(String semver, InfoJson.Version json, long buildTime, String commit) {

    private static final Pattern SEMVER = Pattern.compile("^(\\d+)\\.(\\d+)\\.(\\d+)(?:-([0-9A-Za-z.-]+))?(?:\\+.*)?$");
    private static final String FALLBACK = "4.2.2";

    static NodeVersion of(BuildProperties build) {
        String semver = build == null || build.get("lavalink-version") == null ? FALLBACK : build.get("lavalink-version");
        long buildTime = build == null || build.getTime() == null ? -1 : build.getTime().toEpochMilli();
        String commit = build == null || build.get("commit") == null ? "unknown" : build.get("commit");
        Matcher m = SEMVER.matcher(semver);
        InfoJson.Version version = m.matches()
                ? new InfoJson.Version(semver, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3)), m.group(4) == null ? "" : m.group(4))
                : new InfoJson.Version(semver, 0, 0, 0, "");
        return new NodeVersion(semver, version, buildTime, commit);
    }
}
