package dev.basalt.support;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * Answers {@code Range: bytes=a-b} with 206 and the slice, as a real file server does. lavaplayer seeks HTTP files
 * with range requests (Ogg reads its last page for the duration, seeks jump ahead); a server that ignores them
 * hands it the file from the start and the demuxer loses its place.
 */
final class RangeRequests implements ResponseTransformerV2 {

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

    @Override
    public Response transform(Response response, ServeEvent serveEvent) {
        String range = serveEvent.getRequest().getHeader("Range");
        if (range == null || response.getStatus() != 200) {
            return response;
        }
        Matcher m = RANGE.matcher(range.trim());
        if (!m.matches()) {
            return response;
        }
        byte[] body = response.getBody();
        int from = (int) Math.min(Long.parseLong(m.group(1)), body.length);
        int to = m.group(2).isEmpty() ? body.length - 1 : (int) Math.min(Long.parseLong(m.group(2)), body.length - 1);
        if (from >= body.length) {
            return Response.Builder.like(response).but().status(416).body(new byte[0])
                    .headers(new HttpHeaders(new HttpHeader("Content-Range", "bytes */" + body.length))).build();
        }
        byte[] slice = Arrays.copyOfRange(body, from, to + 1);
        HttpHeaders headers = new HttpHeaders(
                new HttpHeader("Content-Type", response.getHeaders().getContentTypeHeader().firstValue()),
                new HttpHeader("Accept-Ranges", "bytes"),
                new HttpHeader("Content-Range", "bytes " + from + "-" + to + "/" + body.length),
                new HttpHeader("Content-Length", Integer.toString(slice.length)));
        return Response.Builder.like(response).but().status(206).headers(headers).body(slice).build();
    }

    @Override
    public String getName() {
        return "range-requests";
    }
}
