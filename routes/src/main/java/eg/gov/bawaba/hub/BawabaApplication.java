package eg.gov.bawaba.hub;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The Bawaba hub: unified app API, catalogue sync and operations over the entities' own systems. */
@SpringBootApplication(scanBasePackages = {"eg.gov.bawaba.hub", "eg.gov.bawaba.connectors"})
public class BawabaApplication {

    public static void main(String[] args) {
        SpringApplication.run(BawabaApplication.class, args);
    }
}
