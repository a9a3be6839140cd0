@uc:manual-reads
Feature: Manual meter reading exchange with the MDM (IEC 61968-9 clause 5.3, use case MR-02)
  A meter reader enters a register value by hand (or the customer reads the meter); the field system (work management
  or the metering system: the suite) tells the MDM created(MeterReadings) with the register Reading, Reading.source
  naming the entry system and the quality of a manual read (1.4.131) or a customer read (1.4.130). The MDM
  acknowledges it and, when the CIS (the suite) asks for that meter and ReadingType (with a time window around the
  reading, CIM9-178), returns the reading with its timeStamp and value, its quality (UC-10: a warning when dropped)
  and its source (CIM9-175: a warning when dropped).
  With the CIS as SUT (MR-02 "MDM → CIS : created(MeterReadings) (?)", UC-10): the suite plays the MDM that publishes
  the manual (customer) read to the CIS, which acknowledges it (Result OK, the publication's CorrelationID); the order
  cis-report-readings then shows what the CIS holds of the meter: the read with its value and, when the upper tester
  reports them, its timeStamp (MR-CLIENT-MANUAL) and its qualities, of which one is the manual-read (customer-read)
  quality (MR-CLIENT-MANUAL-QUALITY, UC-10: a warning when dropped).

  @usecase:MR-02 @pattern:P2 @edition:2024 @clause:2024:5.3
  @clause:2013:5.3.3 @role:MDM @edition:2013 @req:MR-02.1
  Scenario: The MDM keeps a manual read the field system tells it and returns it to the CIS
    Given a meter installed at a usage point
    When the field system tells the MDM a manual read of the register of the meter
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    When the CIS asks the MDM for the register of the meter at the time of that read
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    And the reply carries that read with its timeStamp, value, quality and source

  @usecase:MR-02 @pattern:P2 @edition:2024 @clause:2024:5.3
  @clause:2013:5.3.3 @role:MDM @edition:2013 @req:MR-02.2
  Scenario: The MDM keeps a customer read the field system tells it and returns it to the CIS
    Given a meter installed at a usage point
    When the field system tells the MDM a customer read of the register of the meter
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    When the CIS asks the MDM for the register of the meter at the time of that read
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    And the reply carries that read with its timeStamp, value, quality and source

  @usecase:MR-02 @pattern:P2 @edition:2024 @clause:2024:5.3
  @clause:2013:5.3.3 @role:CIS @edition:2013 @req:MR-02.C1 @cap:stimulus
  Scenario Outline: The CIS acknowledges a <kind> read the MDM the suite plays publishes to it and holds it with its value, timeStamp and quality
    Given a meter installed at a usage point
    When the MDM the suite plays publishes a <kind> read of the register of the meter to the CIS
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    And the CIS holds that read with its value, timeStamp and quality

    Examples:
      | kind     |
      | manual   |
      | customer |
