package dev.basalt.player.filter;

import java.util.Arrays;

/**
 * The {@code timescale} filter: {@code speed} changes the tempo only, {@code pitch} the pitch only, {@code rate} both
 * (like playing a record faster). It is built from two parts, as in SoundTouch (which the reference uses):
 * <ol>
 *   <li>a WSOLA time-stretch by {@code speed / pitch}: the input is cut into 40 ms segments that overlap by 10 ms;
 *       each next segment is taken from within ±15 ms of where the tempo says it should start, at the offset whose
 *       start best matches (cross-correlation) the natural continuation of what was just played, and crossfaded
 *       into it. Matching waveforms keep the crossfades free of the phasing and clicks of a fixed-hop overlap-add;</li>
 *   <li>a resampler by {@code pitch · rate} (4-point Hermite interpolation, with a 4th-order low-pass in front when
 *       the pitch goes up so that nothing folds back below the Nyquist frequency).</li>
 * </ol>
 * Output duration is input duration / (speed · rate); frequencies are multiplied by pitch · rate. Values that are
 * not positive numbers count as 1.0; the tempo part is kept within 1/16–8 and the resampling within 1/16–16. The stretcher holds about 55 ms of audio; when the filter is switched off that
 * audio is played out unstretched and the filter steps out of the way.
 */
final class TimescaleFilter {

    static final int SEGMENT = 1920;
    static final int OVERLAP = 480;
    static final int SEEK = 720;
    private static final int HOP = SEGMENT - OVERLAP;
    private static final int IN_CAPACITY = 16384;
    private static final int RESAMPLE_CAPACITY = 8192;
    private static final int OUT_CAPACITY = 2048;

    private final int channels;
    private final float[][] input;
    /** Sum of the channels of {@code input}, what the correlation search compares. */
    private final float[] mono = new float[IN_CAPACITY];
    private final float[][] tail;
    private final float[] tailMono = new float[OVERLAP];
    private final float[][] resample;
    private final float[][] out;
    private final AntiAlias antiAlias;

    private boolean active;
    private double tempo = 1;
    private double ratio = 1;
    private int inputLength;
    private double readPosition;
    private int tailEnd;
    private boolean started;
    private int resampleLength;
    private double resamplePosition;
    private int outLength;

    TimescaleFilter(int channels) {
        this.channels = channels;
        input = new float[channels][IN_CAPACITY];
        tail = new float[channels][OVERLAP];
        resample = new float[channels][RESAMPLE_CAPACITY];
        out = new float[channels][OUT_CAPACITY];
        antiAlias = new AntiAlias(channels);
        clear();
    }

    /** Output duration factor (speed × rate) of the given settings: how fast the track advances per second heard. */
    static double trackRate(FilterSettings settings) {
        FilterSettings.Timescale t = settings.timescale();
        return t == null ? 1 : positive(t.speed()) * positive(t.rate());
    }

    private static double positive(double value) {
        return value > 0 && Double.isFinite(value) ? value : 1;
    }

    void configure(FilterSettings settings) {
        FilterSettings.Timescale t = settings.timescale();
        double speed = t == null ? 1 : positive(t.speed());
        double pitch = t == null ? 1 : positive(t.pitch());
        double rate = t == null ? 1 : positive(t.rate());
        active = speed != 1 || pitch != 1 || rate != 1;
        if (active) {
            tempo = Math.max(1.0 / 16, Math.min(8, speed / pitch));
            double newRatio = Math.max(1.0 / 16, Math.min(16, pitch * rate));
            if (newRatio != ratio) {
                antiAlias.design(newRatio);
            }
            ratio = newRatio;
        }
    }

    /** Whether audio passes straight through: the filter is off and holds nothing. */
    boolean idle() {
        return !active && inputLength == 0 && resampleLength <= 1 && outLength == 0;
    }

    void process(float[][] in, int offset, int length, PcmSink sink) throws InterruptedException {
        if (idle()) {
            sink.accept(in, offset, length);
            return;
        }
        if (!active) {
            drain(sink);
            sink.accept(in, offset, length);
            return;
        }
        int done = 0;
        while (done < length) {
            int n = Math.min(length - done, IN_CAPACITY - inputLength);
            for (int c = 0; c < channels; c++) {
                System.arraycopy(in[c], offset + done, input[c], inputLength, n);
            }
            if (n == 0) {
                break; // cannot happen with the clamped tempo; never spin
            }
            for (int i = inputLength; i < inputLength + n; i++) {
                float m = 0;
                for (int c = 0; c < channels; c++) {
                    m += input[c][i];
                }
                mono[i] = m;
            }
            inputLength += n;
            done += n;
            stretch(sink);
        }
        emit(sink);
    }

    /** Plays out everything held, unstretched, and starts afresh (switch-off, end of track). */
    void drain(PcmSink sink) throws InterruptedException {
        int played = (int) Math.ceil(resamplePosition);
        copyOut(resample, played, resampleLength - played, sink);
        if (started) {
            copyOut(tail, 0, OVERLAP, sink);
        }
        int from = started ? Math.max(0, tailEnd) : (int) Math.max(0, readPosition);
        copyOut(input, from, inputLength - from, sink);
        emit(sink);
        clear();
    }

    private void copyOut(float[][] source, int from, int count, PcmSink sink) throws InterruptedException {
        while (count > 0) {
            int n = Math.min(count, OUT_CAPACITY - outLength);
            for (int c = 0; c < channels; c++) {
                System.arraycopy(source[c], from, out[c], outLength, n);
            }
            outLength += n;
            from += n;
            count -= n;
            if (outLength == OUT_CAPACITY) {
                emit(sink);
            }
        }
    }

    void clear() {
        inputLength = 0;
        readPosition = 0;
        tailEnd = 0;
        started = false;
        // index 0 is the history sample the interpolator needs before the first real one
        resampleLength = 1;
        resamplePosition = 1;
        for (int c = 0; c < channels; c++) {
            resample[c][0] = 0;
        }
        outLength = 0;
        antiAlias.reset();
    }

    private void stretch(PcmSink sink) throws InterruptedException {
        while (true) {
            int nominal = (int) readPosition;
            if (nominal + SEEK + SEGMENT > inputLength) {
                break;
            }
            int best = started ? bestStart(Math.max(0, nominal - SEEK), nominal + SEEK) : nominal;
            ensureResampleSpace(HOP);
            int from = resampleLength;
            for (int c = 0; c < channels; c++) {
                float[] src = input[c];
                float[] dst = resample[c];
                int o = from;
                if (started) {
                    float[] fading = tail[c];
                    for (int i = 0; i < OVERLAP; i++) {
                        float w = (i + 0.5f) / OVERLAP;
                        dst[o++] = fading[i] + w * (src[best + i] - fading[i]);
                    }
                    System.arraycopy(src, best + OVERLAP, dst, o, HOP - OVERLAP);
                } else {
                    System.arraycopy(src, best, dst, o, HOP);
                }
                System.arraycopy(src, best + HOP, tail[c], 0, OVERLAP);
            }
            antiAlias.process(resample, from, HOP);
            resampleLength = from + HOP;
            for (int i = 0; i < OVERLAP; i++) {
                float sum = 0;
                for (int c = 0; c < channels; c++) {
                    sum += tail[c][i];
                }
                tailMono[i] = sum;
            }
            tailEnd = best + SEGMENT;
            started = true;
            readPosition += HOP * tempo;
            resampleOut(sink);
            compactInput();
        }
    }

    /** The start in [lo, hi] whose first OVERLAP samples correlate best with the tail: coarse grid, then refine. */
    private int bestStart(int lo, int hi) {
        int best = lo;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int s = lo; s <= hi; s += 4) {
            double score = correlation(s, 4);
            if (score > bestScore) {
                bestScore = score;
                best = s;
            }
        }
        int centre = best;
        bestScore = Double.NEGATIVE_INFINITY;
        for (int s = Math.max(lo, centre - 3); s <= Math.min(hi, centre + 3); s++) {
            double score = correlation(s, 1);
            if (score > bestScore) {
                bestScore = score;
                best = s;
            }
        }
        return best;
    }

    private double correlation(int start, int stride) {
        float dot = 0;
        float energy = 1e-9f;
        float[] m = mono;
        float[] t = tailMono;
        for (int i = 0; i < OVERLAP; i += stride) {
            float v = m[start + i];
            dot += v * t[i];
            energy += v * v;
        }
        return dot / Math.sqrt(energy);
    }

    private void compactInput() {
        // audio before the next search window is never read again (a drain after a fast tempo skips it, too)
        int shift = Math.min((int) readPosition - SEEK, inputLength);
        if (shift <= 0) {
            return;
        }
        for (int c = 0; c < channels; c++) {
            System.arraycopy(input[c], shift, input[c], 0, inputLength - shift);
        }
        System.arraycopy(mono, shift, mono, 0, inputLength - shift);
        inputLength -= shift;
        readPosition -= shift;
        tailEnd -= shift;
    }

    private void ensureResampleSpace(int needed) {
        if (resampleLength + needed <= RESAMPLE_CAPACITY) {
            return;
        }
        int keep = Math.max(0, (int) resamplePosition - 1);
        for (int c = 0; c < channels; c++) {
            System.arraycopy(resample[c], keep, resample[c], 0, resampleLength - keep);
        }
        resampleLength -= keep;
        resamplePosition -= keep;
    }

    private void resampleOut(PcmSink sink) throws InterruptedException {
        double position = resamplePosition;
        double step = ratio;
        while (position + 2 < resampleLength) {
            int i = (int) position;
            float t = (float) (position - i);
            for (int c = 0; c < channels; c++) {
                float[] r = resample[c];
                out[c][outLength] = VibratoFilter.hermite(r[i - 1], r[i], r[i + 1], r[i + 2], t);
            }
            outLength++;
            if (outLength == OUT_CAPACITY) {
                emit(sink);
            }
            position += step;
        }
        resamplePosition = position;
    }

    private void emit(PcmSink sink) throws InterruptedException {
        if (outLength > 0) {
            int n = outLength;
            outLength = 0;
            sink.accept(out, 0, n);
        }
    }

    /** Two cascaded Butterworth low-pass biquads (4th order) at 90 % of the new Nyquist frequency, for pitch up. */
    private static final class AntiAlias {
        private static final double[] QS = {0.5411961, 1.3065630};
        private final double[][] coefficients = new double[2][5];
        private final double[][][] state;
        private boolean enabled;

        AntiAlias(int channels) {
            state = new double[2][channels][4];
        }

        void design(double ratio) {
            enabled = ratio > 1.0001;
            if (!enabled) {
                return;
            }
            double cutoff = 0.45 * FilterChain.SAMPLE_RATE / ratio;
            double w0 = 2 * Math.PI * cutoff / FilterChain.SAMPLE_RATE;
            double cos = Math.cos(w0);
            for (int s = 0; s < 2; s++) {
                double alpha = Math.sin(w0) / (2 * QS[s]);
                double a0 = 1 + alpha;
                coefficients[s][0] = (1 - cos) / 2 / a0;
                coefficients[s][1] = (1 - cos) / a0;
                coefficients[s][2] = (1 - cos) / 2 / a0;
                coefficients[s][3] = -2 * cos / a0;
                coefficients[s][4] = (1 - alpha) / a0;
            }
        }

        void process(float[][] buffer, int offset, int length) {
            if (!enabled) {
                return;
            }
            for (int s = 0; s < 2; s++) {
                double[] k = coefficients[s];
                for (int c = 0; c < buffer.length; c++) {
                    double[] z = state[s][c];
                    float[] x = buffer[c];
                    for (int i = offset; i < offset + length; i++) {
                        double in = x[i];
                        double y = k[0] * in + k[1] * z[0] + k[2] * z[1] - k[3] * z[2] - k[4] * z[3];
                        z[1] = z[0];
                        z[0] = in;
                        z[3] = z[2];
                        z[2] = y;
                        x[i] = (float) y;
                    }
                }
            }
        }

        void reset() {
            for (double[][] stage : state) {
                for (double[] z : stage) {
                    Arrays.fill(z, 0);
                }
            }
        }
    }
}
