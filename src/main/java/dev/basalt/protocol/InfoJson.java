package dev.basalt.protocol;

import java.util.List;

public record InfoJson(Version version, long buildTime, Git git, String jvm, String lavaplayer,
                       List<String> sourceManagers, List<String> filters, List<Plugin> plugins) {

    /** No {@code build} key, and {@code ""} for a release's preRelease: what the reference sends. */
    public record Version(String semver, int major, int minor, int patch, String preRelease) {
    }

    public record Git(String branch, String commit, long commitTime) {
    }

    public record Plugin(String name, String version) {
    }
}
