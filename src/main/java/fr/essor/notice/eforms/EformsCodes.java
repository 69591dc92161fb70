package fr.essor.notice.eforms;

import org.w3c.dom.Element;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The eForms code lists essor checks codes against (copied from the eForms SDK 1.15.1 into the resources),
 * plus the few codes older SDKs used that real notices still carry, and what the codes mean for essor.
 */
final class EformsCodes {
    static final Set<String> BUYER_LEGAL_TYPES = with(load("buyer-legal-type"),
            // SDK 1.0–1.9 codes, since retired: regional or local authority, group of public authorities, EU/international org
            "rl-aut", "grp-p-aut", "eu-int-org");
    static final Set<String> CONTRACT_NATURES = load("contract-nature");
    static final Set<String> RESERVED_PROCUREMENT = load("reserved-procurement");
    static final Set<String> RESERVED_EXECUTION = load("applicability_reserved-execution");
    static final Set<String> STRATEGIC_PROCUREMENT = with(load("strategic-procurement"), "inc-soc");
    static final Set<String> SOCIAL_OBJECTIVES = load("social-objective");
    static final Set<String> NOTICE_TYPES = with(load("notice-type"), "corr");

    /** BT-06 codes that mean the lot pursues social objectives ({@code inc-soc} is the older spelling). */
    static final Set<String> SOCIAL_STRATEGIC_PROCUREMENT = Set.of("soc-obj", "inc-soc");

    /** Notice subtypes of the light regime for social and other specific services (PIN, CN, CAN "-social"). */
    static final Set<String> LIGHT_REGIME_SUBTYPES = Set.of("12", "13", "14", "20", "21", "33", "34", "35");

    /** Business registration notices (European Economic Interest Grouping, European company): no procurement. */
    static final Set<String> BUSINESS_REGISTRATION_SUBTYPES = Set.of("X01", "X02");

    private static final Set<String> CENTRAL = Set.of("cga");
    private static final Set<String> LOCAL = Set.of("la", "ra", "rl-aut", "grp-p-aut", "body-pl-la", "body-pl-ra",
            "pub-undert-la", "pub-undert-ra", "org-sub-la", "org-sub-ra");

    private EformsCodes() {
    }

    /**
     * essor's buyer kind for a BT-11 buyer legal type: {@code central} for central government authorities,
     * {@code local} for local and regional authorities and the bodies they control, {@code other} for the rest.
     * Bodies controlled by central government ({@code body-pl-cga}, {@code pub-undert-cga}) are not central
     * government authorities in the directive's sense (its Annex I lists ministries), so they are "other":
     * the lower central-government threshold must not be applied to them.
     */
    static String buyerKind(String legalType) {
        if (legalType == null) {
            return null;
        }
        if (CENTRAL.contains(legalType)) {
            return "central";
        }
        return LOCAL.contains(legalType) ? "local" : "other";
    }

    private static Set<String> with(Set<String> codes, String... more) {
        Set<String> all = new HashSet<>(codes);
        all.addAll(List.of(more));
        return Set.copyOf(all);
    }

    /** The codes of one Genericode list in the resources. */
    static Set<String> load(String list) {
        String resource = "codelists/" + list + ".gc";
        try (InputStream in = EformsCodes.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing code list resource " + resource);
            }
            Element root = SecureXml.parse(in.readAllBytes()).getDocumentElement();
            Set<String> codes = new HashSet<>();
            for (Element row : descendants(root, "Row")) {
                for (Element value : children(row, "Value")) {
                    if ("code".equals(value.getAttribute("ColumnRef"))) {
                        for (Element simple : children(value, "SimpleValue")) {
                            codes.add(simple.getTextContent().strip());
                        }
                    }
                }
            }
            if (codes.isEmpty()) {
                throw new IllegalStateException("code list " + resource + " holds no code");
            }
            return Set.copyOf(codes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Element> children(Element parent, String local) {
        List<Element> out = new java.util.ArrayList<>();
        for (org.w3c.dom.Node c = parent.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element e && local.equals(e.getLocalName())) {
                out.add(e);
            }
        }
        return out;
    }

    // Genericode: gc:CodeList/SimpleCodeList/Row
    private static List<Element> descendants(Element root, String local) {
        List<Element> out = new java.util.ArrayList<>();
        for (Element list : children(root, "SimpleCodeList")) {
            out.addAll(children(list, local));
        }
        return out;
    }
}
