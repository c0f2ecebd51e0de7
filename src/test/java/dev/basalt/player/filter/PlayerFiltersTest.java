package dev.basalt.player.filter;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import com.sedmelluq.discord.lavaplayer.filter.PcmFilterFactory;
import com.sedmelluq.discord.lavaplayer.player.AudioPlayer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Neutral settings remove the filter factory (lavaplayer transcodes whenever one is set, so passthrough needs none);
 * settings that change the audio install one factory that stays the same object while settings change.
 */
class PlayerFiltersTest {

    private final List<PcmFilterFactory> installed = new ArrayList<>();
    private final AudioPlayer player = (AudioPlayer) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {AudioPlayer.class}, (proxy, method, args) -> {
                if (method.getName().equals("setFilterFactory")) {
                    installed.add((PcmFilterFactory) args[0]);
                }
                return null;
            });

    @Test
    void neutralSettingsKeepTheFactoryAwayAndActiveOnesInstallItOnce() {
        PlayerFilters filters = new PlayerFilters(player);
        FilterSettings neutral = new FilterSettings(1.0, List.of(new FilterSettings.Band(0, 0)), null,
                FilterSettings.Timescale.DEFAULT, null, null, FilterSettings.Distortion.DEFAULT, null, null, null, null);
        filters.apply(neutral);
        assertThat(installed).isEmpty();
        assertThat(filters.installed()).isFalse();

        FilterSettings pitch = new FilterSettings(null, null, null, new FilterSettings.Timescale(1, 2, 1), null, null,
                null, null, null, null, null);
        filters.apply(pitch);
        FilterSettings louder = new FilterSettings(0.8, null, null, null, null, null, null, null, null, null, null);
        filters.apply(louder);
        assertThat(installed).hasSize(1);
        assertThat(installed.get(0)).isNotNull();

        filters.apply(neutral);
        assertThat(installed).hasSize(2);
        assertThat(installed.get(1)).as("neutral again: no factory, passthrough possible").isNull();
        filters.apply(FilterSettings.NONE);
        assertThat(installed).hasSize(2);
    }

    @Test
    void karaokeCountsAsActiveEvenAtItsDefaults() {
        PlayerFilters filters = new PlayerFilters(player);
        filters.apply(new FilterSettings(null, null, FilterSettings.Karaoke.DEFAULT, null, null, null, null, null, null,
                null, null));
        assertThat(filters.installed()).isTrue();
    }
}
