// Turns a PEM bundle into a PKCS12 trust store for Maven inside the image build, in one JVM start:
// java PemTrustStore.java bundle.pem out.p12 changeit. Runs only when a build secret with an extra CA is given.
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;

public class PemTrustStore {
    public static void main(String[] a) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        // start from the JDK's own roots, then add every certificate of the bundle
        KeyStore jdk = KeyStore.getInstance(KeyStore.getDefaultType());
        try (var in = new FileInputStream(System.getProperty("java.home") + "/lib/security/cacerts")) {
            jdk.load(in, "changeit".toCharArray());
        }
        for (var e = jdk.aliases(); e.hasMoreElements(); ) {
            String alias = e.nextElement();
            if (jdk.isCertificateEntry(alias)) ks.setCertificateEntry("jdk-" + alias, jdk.getCertificate(alias));
        }
        int n = 0;
        try (var in = new FileInputStream(a[0])) {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("extra-" + n++, c);
            }
        }
        try (var out = new FileOutputStream(a[1])) {
            ks.store(out, a[2].toCharArray());
        }
        System.out.println("trust store: " + ks.size() + " certificates (" + n + " from the bundle)");
    }
}
