# Builds target/pedigree.jar and runs it. Used by docker-compose.yml; not needed for the embedded quick start.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY src src
COPY cypher cypher
COPY templates templates
COPY static static
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN useradd --system --home /var/lib/pedigree pedigree && mkdir -p /var/lib/pedigree && chown pedigree /var/lib/pedigree
USER pedigree
WORKDIR /var/lib/pedigree
COPY --from=build /src/target/pedigree.jar /opt/pedigree/pedigree.jar
ENV PEDIGREE_BIND=0.0.0.0 PEDIGREE_DATA_DIR=/var/lib/pedigree
EXPOSE 7070
ENTRYPOINT ["java", "-jar", "/opt/pedigree/pedigree.jar"]
CMD ["serve"]
