package dev.basalt.voice.discord.crypto;

import java.util.List;
import java.util.Optional;

/** The transport encryption modes Discord accepts since the older modes were discontinued (November 2024). */
public enum EncryptionMode {

    AEAD_AES256_GCM_RTPSIZE("aead_aes256_gcm_rtpsize"),
    AEAD_XCHACHA20_POLY1305_RTPSIZE("aead_xchacha20_poly1305_rtpsize");

    private final String wireName;

    EncryptionMode(String wireName) {
        this.wireName = wireName;
    }

    /** The name in Ready's {@code modes} and in Select Protocol. */
    public String wireName() {
        return wireName;
    }

    /**
     * AES-GCM if offered, else XChaCha20 if offered; empty if neither (Ready's "modes" list). Discord prefers AES-GCM
     * where it offers it (the offer depends on the voice server's hardware); XChaCha20 is always offered.
     */
    public static Optional<EncryptionMode> select(List<String> offered) {
        if (offered == null) {
            return Optional.empty();
        }
        if (offered.contains(AEAD_AES256_GCM_RTPSIZE.wireName)) {
            return Optional.of(AEAD_AES256_GCM_RTPSIZE);
        }
        if (offered.contains(AEAD_XCHACHA20_POLY1305_RTPSIZE.wireName)) {
            return Optional.of(AEAD_XCHACHA20_POLY1305_RTPSIZE);
        }
        return Optional.empty();
    }

    /** The mode with this wire name (exact, as Discord spells it); empty for discontinued or unknown modes. */
    public static Optional<EncryptionMode> byWireName(String name) {
        for (EncryptionMode mode : values()) {
            if (mode.wireName.equals(name)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
