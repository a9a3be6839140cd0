@uc:negative-requests
Feature: Requests the SUT must refuse (IEC 61968-100 Reply and IEC 61968-9 Annex B reply codes)
  A SUT must refuse what it cannot process with Result FAILED and, when it claims Annex B
  (pics.<role>.annexB, assumption COD-06), the Annex B code of the case. The code expected for each
  case can be set per profile (expectedCodes). A schema-invalid request may instead be answered with a
  SOAP fault carrying a FaultMessage (assumption ENV-11).

  @usecase:MR-03 @usecase:Q-01 @pattern:P5 @edition:2024 @clause:2024:AnnexB
  @clause:2013:AnnexB @role:MDM @edition:2013 @edition:draft-2011 @req:NEG-1.8
  Scenario: A request that does not validate against its schema is refused
    Given a meter installed at a usage point
    When the CIS sends the "MDM" a GetMeterReadings request that does not validate against its schema
    Then the reply is valid against its schemas
    And the reply has Result "FAILED" with the Annex B code for "schemaInvalid"

  @usecase:MR-03 @pattern:P5 @edition:2024 @clause:2024:AnnexB
  @clause:2013:AnnexB @role:MDM @edition:2013 @edition:draft-2011 @req:NEG-2.4
  Scenario: A read of a meter unknown to the SUT is refused
    Given a meter unknown to the SUT
    When the CIS requests the register reading of the meter from the "MDM"
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "FAILED" with the Annex B code for "unknownMeter"

  @usecase:MR-03 @pattern:P5 @edition:2024 @clause:2024:AnnexB
  @clause:2013:AnnexB @role:MDM @edition:2013 @edition:draft-2011 @req:NEG-2.9
  Scenario: A verb the SUT does not support for the noun is refused
    Given a meter installed at a usage point
    When the CIS sends "delete" "MeterReadings" for the meter to the "MDM"
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "FAILED" with the Annex B code for "unsupportedVerb"

  @usecase:MR-03 @usecase:Q-01 @pattern:P5 @edition:2024 @clause:2024:AnnexB
  @clause:2013:AnnexB @role:MDM @edition:2013 @edition:draft-2011 @req:NEG-1.5
  Scenario: A request without a mandatory Header element is refused
    Given a meter installed at a usage point
    When the CIS sends the "MDM" a GetMeterReadings request without the Header element "Noun"
    Then the reply is valid against its schemas
    And the reply has Result "FAILED" with the Annex B code for "missingHeaderElement"

  @usecase:EDE-01 @pattern:P5 @edition:2024 @clause:2024:AnnexB
  @clause:2013:AnnexB @role:HES @edition:2013 @edition:draft-2011 @req:NEG-2.4-HES
  Scenario: The head-end refuses a ping for a meter it does not know
    Given a meter unknown to the SUT
    When the OMS asks the "HES" for the state of the meter
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "FAILED" with the Annex B code for "unknownMeter"

  @usecase:MR-03 @pattern:P5 @edition:2024 @clause:2024:AnnexB
  @clause:2013:AnnexB @role:MDM @edition:2013 @edition:draft-2011 @req:NEG-2.10
  Scenario: A read of a ReadingType the MDM does not support is refused
    Given a meter installed at a usage point
    When the CIS requests a ReadingType the SUT does not support for the meter from the "MDM"
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "FAILED" with the Annex B code for "unsupportedReadingType"

  @usecase:MR-03 @pattern:P5 @edition:2024 @clause:2024:AnnexB
  @clause:2013:AnnexB @role:HES @edition:2013 @edition:draft-2011 @req:NEG-2.10-HES
  Scenario: A read of a ReadingType the head-end does not support is refused
    Given a meter installed at a usage point
    When the CIS requests a ReadingType the SUT does not support for the meter from the "HES"
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "FAILED" with the Annex B code for "unsupportedReadingType"
