package dev.basalt.web;

/** Guild ids in paths are signed 64-bit integers, as the reference parses them. */
final class Snowflakes {

    private Snowflakes() {
    }

    static long guildId(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Guild id '" + value + "' is not a Discord snowflake (a 64-bit number)");
        }
    }
}
