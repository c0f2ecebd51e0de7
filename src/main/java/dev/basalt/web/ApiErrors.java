package dev.basalt.web;

import dev.basalt.protocol.ErrorJson;
import dev.basalt.track.TrackDecodingException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Every REST error in Lavalink's body shape; nothing escapes as a framework default or an unexplained 500. */
@RestControllerAdvice
public class ApiErrors extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ErrorJson> refused(ApiException e, HttpServletRequest request) {
        if (e.status().is5xxServerError()) {
            log.warn("{} {} failed: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
        }
        return body(request, e.status(), e.getMessage(), e);
    }

    /** The reference answers undecodable tracks with 500; the message says what is wrong with the string. */
    @ExceptionHandler(TrackDecodingException.class)
    ResponseEntity<ErrorJson> undecodable(TrackDecodingException e, HttpServletRequest request) {
        log.info("{} {}: could not decode a track: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
        return body(request, HttpStatus.INTERNAL_SERVER_ERROR, e.getMessage(), e);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ErrorJson> unexpected(Exception e, HttpServletRequest request) {
        log.error("{} {} failed unexpectedly", request.getMethod(), request.getRequestURI(), e);
        return body(request, HttpStatus.INTERNAL_SERVER_ERROR, e.getMessage() == null ? e.toString() : e.getMessage(), e);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        HttpServletRequest servlet = ((NativeWebRequest) request).getNativeRequest(HttpServletRequest.class);
        String message = e.getMessage();
        HttpHeaders responseHeaders = new HttpHeaders();
        responseHeaders.addAll(headers);
        responseHeaders.setContentType(MediaType.APPLICATION_JSON);
        return new ResponseEntity<>(ErrorBodies.of(servlet, status, message, e), responseHeaders, status);
    }

    private static ResponseEntity<ErrorJson> body(HttpServletRequest request, HttpStatusCode status, String message,
                                                  Throwable cause) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(ErrorBodies.of(request, status, message, cause));
    }
}
