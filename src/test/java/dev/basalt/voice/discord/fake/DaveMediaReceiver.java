package dev.basalt.voice.discord.fake;

import java.util.HashMap;
import java.util.Map;

import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.mls.codec.MLSOutputStream;
import org.bouncycastle.mls.crypto.MlsCipherSuite;
import org.bouncycastle.mls.crypto.Secret;

/**
 * Decrypts one sender's DAVE Opus frames in one epoch, written from the spec (7.1–7.4) for the fake server,
 * independently of Basalt's media code: the hash ratchet from the sender's base secret, the protocol frame
 * trailer, AES-128-GCM with an 8-byte tag and the little-endian truncated nonce.
 */
public final class DaveMediaReceiver {

    private static final MlsCipherSuite SUITE = MlsCipherSuite.BCMLS_128_DHKEMP256_AES128GCM_SHA256_P256;

    private final byte[] baseSecret;
    private final Map<Integer, byte[]> keys = new HashMap<>();

    public DaveMediaReceiver(byte[] baseSecret) {
        this.baseSecret = baseSecret.clone();
    }

    /** The plain Opus frame, or null when this is not a protocol frame or does not decrypt with these keys. */
    public byte[] decrypt(byte[] frame) {
        int len = frame.length;
        if (len < 11 || (frame[len - 1] & 0xFF) != 0xFA || (frame[len - 2] & 0xFF) != 0xFA) {
            return null;
        }
        int size = frame[len - 3] & 0xFF;
        if (size < 11 || size > len) {
            return null;
        }
        int mediaEnd = len - size;
        int pos = mediaEnd + 8;
        long nonce = 0;
        int shift = 0;
        while (pos < len - 3) {
            int b = frame[pos++] & 0xFF;
            nonce |= (long) (b & 0x7F) << shift;
            shift += 7;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        if (pos != len - 3) {
            return null; // Opus frames carry no unencrypted ranges
        }
        int generation = (int) (nonce >>> 24);
        byte[] iv = new byte[12];
        for (int i = 0; i < 4; i++) {
            iv[8 + i] = (byte) (nonce >>> (8 * i));
        }
        try {
            GCMBlockCipher gcm = (GCMBlockCipher) GCMBlockCipher.newInstance(AESEngine.newInstance());
            gcm.init(false, new AEADParameters(new KeyParameter(key(generation)), 64, iv));
            byte[] out = new byte[mediaEnd];
            int n = gcm.processBytes(frame, 0, mediaEnd + 8, out, 0);
            gcm.doFinal(out, n);
            return out;
        } catch (Exception e) {
            return null;
        }
    }

    private byte[] key(int generation) throws Exception {
        byte[] cached = keys.get(generation);
        if (cached != null) {
            return cached;
        }
        Secret secret = new Secret(baseSecret);
        for (int g = 0; g < generation; g++) {
            secret = secret.expandWithLabel(SUITE, "secret", MLSOutputStream.encode(g), 32);
        }
        byte[] key = secret.expandWithLabel(SUITE, "key", MLSOutputStream.encode(generation), 16).value();
        keys.put(generation, key);
        return key;
    }
}
