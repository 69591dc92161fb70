package fr.essor.notice.eforms;

import fr.essor.http.FieldError;
import fr.essor.http.ProblemException;
import fr.essor.notice.ParseOutcome;
import org.w3c.dom.Element;

import java.util.List;
import java.util.Set;

/**
 * eForms XML (UBL 2.3, SDK 1.x) → one normalised notice. Pure: run it on a worker, not an event loop.
 */
public final class EformsParser {
    private static final String UBL_DOCUMENTS = "urn:oasis:names:specification:ubl:schema:xsd:";
    private static final Set<String> PROCUREMENT_ROOTS = Set.of("ContractNotice", "ContractAwardNotice", "PriorInformationNotice");

    private EformsParser() {
    }

    /**
     * @return one item: the notice taken (with its problems) or refused with the eForms fields at fault
     * @throws ProblemException 400 when the body is not well-formed XML (or carries a DOCTYPE), 422 when it
     *                          is XML but not an eForms procurement notice (e.g. X01/X02 business registration)
     */
    public static ParseOutcome parse(byte[] body) {
        Element root = SecureXml.parse(body).getDocumentElement();
        requireProcurementNotice(root);
        ParseOutcome.ItemResult result;
        try {
            result = new EformsNoticeReader(root).read();
        } catch (RuntimeException e) {
            // a notice shaped in a way no rule foresaw: refuse it whole, never half
            result = new ParseOutcome.ItemResult.Refused(List.of(new FieldError("notice",
                    "could not be read (" + e.getClass().getSimpleName() + ")")));
        }
        return new ParseOutcome.Builder().add(result).build();
    }

    private static void requireProcurementNotice(Element root) {
        String name = root.getLocalName();
        String ns = root.getNamespaceURI();
        String subtype = EformsNoticeReader.subtype(root);
        String type = EformsNoticeReader.noticeType(root);
        if ("BusinessRegistrationInformationNotice".equals(name)
                || (subtype != null && EformsCodes.BUSINESS_REGISTRATION_SUBTYPES.contains(subtype))
                || (type != null && type.startsWith("brin-"))) {
            throw ProblemException.unprocessable("This eForms notice (subtype " + subtype + ", type " + type
                    + ") is a business registration notice, not a procurement notice", List.of(
                    new FieldError("OPP-070-notice", "notice subtype " + subtype + " announces no procurement")));
        }
        if (name == null || !PROCUREMENT_ROOTS.contains(name) || ns == null || !ns.startsWith(UBL_DOCUMENTS)) {
            throw ProblemException.unprocessable("The XML is not an eForms notice: its root element is "
                    + (ns == null ? "" : "{" + ns + "}") + name + ", expected a UBL ContractNotice, "
                    + "ContractAwardNotice or PriorInformationNotice", List.of(new FieldError("root", "not an eForms notice")));
        }
    }
}
