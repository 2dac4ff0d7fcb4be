package io.pedigree.api;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/** An RFC 9457 problem document, the body of every 4xx and 5xx answer. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, String field,
                      List<Map<String, Object>> differences, List<Map<String, Object>> unmetGates) {

    static String typeFor(String title) {
        return "urn:pedigree:problem:" + title.toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
    }
}
