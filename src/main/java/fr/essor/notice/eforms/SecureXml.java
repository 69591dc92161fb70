package fr.essor.notice.eforms;

import fr.essor.http.ProblemException;
import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.CharConversionException;
import java.io.IOException;

/**
 * Parses untrusted XML into a DOM with everything that reaches outside the document or multiplies it turned
 * off: no DOCTYPE at all (so no entity, internal or external, no billion laughs, no XXE), no XInclude, no
 * external DTD or schema access, secure processing with JDK limits, and a cap on element depth.
 */
public final class SecureXml {
    /** UBL notices nest about 15 levels; anything near this is an attack or a mistake. */
    static final int MAX_ELEMENT_DEPTH = 256;

    private static final DocumentBuilderFactory FACTORY = newFactory();
    private static final ThreadLocal<DocumentBuilder> BUILDER = ThreadLocal.withInitial(SecureXml::newBuilder);

    private static final ErrorHandler FAIL_FAST = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    private SecureXml() {
    }

    static DocumentBuilderFactory newFactory() {
        // the JDK's own parser, whatever else is on the class path
        DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
        f.setNamespaceAware(true);
        f.setValidating(false);
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        f.setIgnoringComments(true);
        f.setCoalescing(true);
        try {
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK XML parser refuses a security feature", e);
        }
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        // belt and braces should a DOCTYPE ever get through
        f.setAttribute("http://www.oracle.com/xml/jaxp/properties/entityExpansionLimit", "100");
        f.setAttribute("http://www.oracle.com/xml/jaxp/properties/maxGeneralEntitySizeLimit", "10000");
        f.setAttribute("http://www.oracle.com/xml/jaxp/properties/totalEntitySizeLimit", "100000");
        f.setAttribute("http://www.oracle.com/xml/jaxp/properties/maxElementDepth", String.valueOf(MAX_ELEMENT_DEPTH));
        return f;
    }

    private static DocumentBuilder newBuilder() {
        try {
            return FACTORY.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("cannot build the hardened XML parser", e);
        }
    }

    /**
     * @throws ProblemException 400 naming what is wrong (malformed, truncated, wrong encoding, DOCTYPE)
     */
    public static Document parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw ProblemException.badRequest("The body is empty: an eForms XML notice was expected");
        }
        DocumentBuilder builder = BUILDER.get();
        builder.reset();
        builder.setErrorHandler(FAIL_FAST);
        // no resolver may fetch anything, whatever slipped through
        builder.setEntityResolver((publicId, systemId) -> {
            throw new SAXException("external entity refused: " + systemId);
        });
        try {
            return builder.parse(new InputSource(new ByteArrayInputStream(body)));
        } catch (SAXParseException e) {
            throw ProblemException.badRequest("Malformed XML at line " + e.getLineNumber() + ", column "
                    + e.getColumnNumber() + ": " + explain(e.getMessage()));
        } catch (SAXException e) {
            throw ProblemException.badRequest("Malformed XML: " + explain(e.getMessage()));
        } catch (CharConversionException e) {
            throw ProblemException.badRequest("The XML body is not in the character encoding it declares "
                    + "(UTF-8 when it declares none): " + e.getMessage());
        } catch (IOException e) {
            throw ProblemException.badRequest("Unreadable XML: " + e.getMessage());
        }
    }

    private static String explain(String message) {
        if (message == null) {
            return "unreadable";
        }
        if (message.contains("DOCTYPE")) {
            return "a DOCTYPE declaration is refused (no DTD, no entities in notices)";
        }
        return message;
    }
}
