package io.pedigree.web;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.svgsupport.BatikSVGDrawer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Turns the evidence page's XHTML (with its inline SVG drawing) into a PDF with openhtmltopdf. */
final class EvidencePdf {

    private EvidencePdf() {
    }

    /**
     * The drawing as Batik, which draws SVG into the PDF, reads it. Batik refuses the page's system font list
     * ({@code system-ui, -apple-system, …}) and SVG 2's {@code orient="auto-start-reverse"}, and drops the whole
     * drawing over either: the PDF names one generic family, and the arrow markers, only ever at a path's end,
     * orient as plain {@code auto}, which draws them the same there.
     */
    static String printable(String svg) {
        return svg.replaceAll("font-family=\"[^\"]*\"", "font-family=\"sans-serif\"")
                .replace("orient=\"auto-start-reverse\"", "orient=\"auto\"");
    }

    static byte[] render(String xhtml) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            builder.useSVGDrawer(new BatikSVGDrawer());
            // No base URI that fetches anything: the page carries its CSS inline, and links stay links.
            builder.withHtmlContent(xhtml, null);
            builder.toStream(out);
            builder.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
