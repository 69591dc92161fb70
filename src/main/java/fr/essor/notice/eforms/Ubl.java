package fr.essor.notice.eforms;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Walks a UBL/eForms DOM by prefixed paths ({@code cac:ProcurementProject/cbc:Name}), namespace-aware, one
 * level at a time: no XPath engine, no recursion into unknown depth.
 */
final class Ubl {
    static final String CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";
    static final String CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
    static final String EXT = "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2";
    static final String EFEXT = "http://data.europa.eu/p27/eforms-ubl-extensions/1";
    static final String EFAC = "http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1";
    static final String EFBC = "http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1";

    /** Where eForms puts its extension fields under any UBL element. */
    static final String EFORMS_EXTENSION = "ext:UBLExtensions/ext:UBLExtension/ext:ExtensionContent/efext:EformsExtension";

    /** Compiled once: every text of a notice goes through it (String.replaceAll compiled it per call). */
    private static final Pattern LAYOUT = Pattern.compile("\\s+");
    private static final Map<String, String> PREFIXES = Map.of(
            "cbc", CBC, "cac", CAC, "ext", EXT, "efext", EFEXT, "efac", EFAC, "efbc", EFBC);

    private Ubl() {
    }

    /** Every element reached from {@code from} along {@code path}, in document order. */
    static List<Element> all(Element from, String path) {
        List<Element> current = new ArrayList<>();
        if (from == null) {
            return current;
        }
        current.add(from);
        for (String step : path.split("/")) {
            int colon = step.indexOf(':');
            String ns = PREFIXES.get(step.substring(0, colon));
            String local = step.substring(colon + 1);
            List<Element> next = new ArrayList<>();
            for (Element e : current) {
                for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
                    if (c instanceof Element child && local.equals(child.getLocalName()) && ns.equals(child.getNamespaceURI())) {
                        next.add(child);
                    }
                }
            }
            current = next;
            if (current.isEmpty()) {
                break;
            }
        }
        return current;
    }

    static Element first(Element from, String path) {
        List<Element> found = all(from, path);
        return found.isEmpty() ? null : found.get(0);
    }

    /** The first non-blank text along the path. */
    static String text(Element from, String path) {
        for (Element e : all(from, path)) {
            String t = text(e);
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    /** Element text with layout whitespace collapsed; null when blank. Only leaf elements are read. */
    static String text(Element e) {
        if (e == null) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c.getNodeType() == Node.TEXT_NODE || c.getNodeType() == Node.CDATA_SECTION_NODE) {
                b.append(c.getNodeValue());
            }
        }
        String t = LAYOUT.matcher(b).replaceAll(" ").strip();
        return t.isEmpty() ? null : t;
    }

    /** Texts along the path whose {@code listName} is the given one (or missing, as in hand-made notices). */
    static List<Element> coded(Element from, String path, String listName) {
        List<Element> out = new ArrayList<>();
        for (Element e : all(from, path)) {
            String l = e.getAttribute("listName");
            if (l.isEmpty() || l.equals(listName)) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * Of multilingual texts, the French one (essor's text analysis is French), else the notice's language,
     * else the first.
     */
    static String preferredText(List<Element> candidates, String noticeLanguage) {
        String first = null;
        String inNoticeLanguage = null;
        for (Element e : candidates) {
            String t = text(e);
            if (t == null) {
                continue;
            }
            String lang = e.getAttribute("languageID");
            if ("FRA".equalsIgnoreCase(lang)) {
                return t;
            }
            if (inNoticeLanguage == null && noticeLanguage != null && noticeLanguage.equalsIgnoreCase(lang)) {
                inNoticeLanguage = t;
            }
            if (first == null) {
                first = t;
            }
        }
        return inNoticeLanguage != null ? inNoticeLanguage : first;
    }
}
