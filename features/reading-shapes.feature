@uc:reading-shapes
Feature: Reading structure, time conventions and shapes (IEC 61968-9 clause 5.3, use cases MR-06, MR-07 and MR-10)
  The suite asks for the register and the 15-minute interval readings of a meter over a past period in one
  get(MeterReadings) and checks each time convention of MR-06 on a step of its own: the interval timeStamp is the
  end of the interval (PAY-04), the requested period includes its start and excludes its end, the intervals are
  contiguous and aligned to their measuring period, reportedDateTime is not before timeStamp, periods start before
  they end and valuesInterval contains the timeStamps, every date-time carries a time-zone offset (UC-14 sets the
  severity of the uncertain ones: warnings by default). A convention about an optional element the answer does not
  carry is untested (CIM9-192): a warning by default, and the scenario is skipped with it, never passed on nothing.
  MR-07 (edition 2024 examples 1 and 2): the register value comes as Readings, the interval data as an IntervalBlock,
  and the ReadingTypes are referenced one way (CIM9-196). MR-10: the GetMeterReadings query the SUT sends (the MDM
  relaying an on-request read to the head-end the suite plays, or the CIS told to ask for a reading) has the shape
  of the GetMeterReadings example: the meter as EndDevice or UsagePoint, the ReadingType(s) (CIM9-197), a
  timePeriod that starts before it ends. Asked with that example's query (the meter's UsagePoint, the register and
  interval ReadingTypes, a Reading.timePeriod), the MDM or head-end answers the readings of that period only (register
  readings within it, CIM9-212; every interval inside it, PAY-04) and covers it: interval data from the interval that
  begins at its start to the one that ends at its end.

  @usecase:MR-06 @pattern:P5 @edition:2024 @clause:2024:5.3
  @clause:2013:5.3 @role:MDM @edition:2013 @edition:draft-2011 @req:MR-06.1
  Scenario: The MDM's interval data follows the time conventions of the reading structure
    Given a meter installed at a usage point
    When the CIS requests the register and interval readings of the meter for the last 2 hours from the "MDM"
    Then the reply is valid against its schemas
    And the reply has Result "OK"
    And each interval timeStamp is the end of its interval
    And the intervals lie in the requested period, its start included and its end excluded
    And the intervals of each block are contiguous and aligned to their measuring period
    And every date-time of the answer carries a time-zone offset

  @usecase:MR-06 @pattern:P5 @edition:2024 @clause:2024:5.3
  @clause:2013:5.3 @role:MDM @edition:2013 @edition:draft-2011 @req:MR-06.2
  Scenario: The MDM reports its readings no earlier than they were taken
    Given a meter installed at a usage point
    When the CIS requests the register and interval readings of the meter for the last 2 hours from the "MDM"
    Then the reply is valid against its schemas
    And the reply has Result "OK"
    And no reportedDateTime is before the timeStamp of its reading

  @usecase:MR-06 @pattern:P5 @edition:2024 @clause:2024:5.3
  @clause:2013:5.3 @role:MDM @edition:2013 @edition:draft-2011 @req:MR-06.3
  Scenario: The MDM's periods start before they end and its valuesInterval holds its readings
    Given a meter installed at a usage point
    When the CIS requests the register and interval readings of the meter for the last 2 hours from the "MDM"
    Then the reply is valid against its schemas
    And the reply has Result "OK"
    And every timePeriod starts before it ends and each valuesInterval contains the timeStamps of its MeterReading

  @usecase:MR-07 @pattern:P5 @edition:2024 @clause:2024:5.3 @role:MDM @req:MR-07.1
  Scenario: The MDM answers registers as Readings and interval data as an IntervalBlock
    Given a meter installed at a usage point
    When the CIS requests the register and interval readings of the meter for the last 2 hours from the "MDM"
    Then the reply is valid against its schemas
    And the reply has Result "OK"
    And the answer gives the register value as Readings and the interval data as an IntervalBlock
    And the answer references its ReadingTypes one way, defined at the root or by their code

  @usecase:MR-07 @pattern:P5 @edition:2024 @clause:2024:5.3 @role:HES @req:MR-07.2
  Scenario: The head-end answers registers as Readings and interval data as an IntervalBlock
    Given a meter installed at a usage point
    When the CIS requests the register and interval readings of the meter for the last 2 hours from the "HES"
    Then the reply is valid against its schemas
    And the reply has Result "OK"
    And the answer gives the register value as Readings and the interval data as an IntervalBlock
    And the answer references its ReadingTypes one way, defined at the root or by their code

  @usecase:MR-10 @pattern:P6 @edition:2024 @clause:2024:AnnexH
  @clause:2013:AnnexJ @role:MDM @edition:2013 @req:MR-10.1 @cap:relay
  Scenario: The MDM's request to its head-end has the shape of the GetMeterReadings example
    Given a meter installed at a usage point
    When the CIS requests the register reading of the meter from the MDM, the suite playing its head-end
    Then the MDM asks the head-end with a GetMeterReadings query of the example's shape
    And the query to the head-end is valid against its schemas and conformant

  @usecase:MR-10 @pattern:P6 @edition:2024 @clause:2024:AnnexH
  @clause:2013:AnnexJ @role:CIS @edition:2013 @req:MR-10.2 @cap:stimulus
  Scenario: The CIS's request has the shape of the GetMeterReadings example
    Given a meter installed at a usage point
    When the CIS is told to request the register reading of the meter
    Then the MDM the suite plays receives the request
    And the request carries a GetMeterReadings query of the example's shape
    And the request is valid against its schemas
    And the request header is conformant

  @usecase:MR-10 @pattern:P5 @edition:2024 @clause:2024:AnnexH
  @clause:2013:AnnexJ @role:MDM @edition:2013 @req:MR-10.3
  Scenario: The MDM answers the GetMeterReadings example with the readings of the requested period, covering it
    Given a meter installed at a usage point
    When the CIS asks the "MDM" with the GetMeterReadings example for the register and interval readings of the meter's usage point over the last 2 hours
    Then the reply is valid against its schemas
    And the reply has Result "OK"
    And every reading answered lies within the requested period and the interval data covers it from its start to its end

  @usecase:MR-10 @pattern:P5 @edition:2024 @clause:2024:AnnexH
  @clause:2013:AnnexJ @role:HES @edition:2013 @req:MR-10.4
  Scenario: The head-end answers the GetMeterReadings example with the readings of the requested period, covering it
    Given a meter installed at a usage point
    When the CIS asks the "HES" with the GetMeterReadings example for the register and interval readings of the meter's usage point over the last 2 hours
    Then the reply is valid against its schemas
    And the reply has Result "OK"
    And every reading answered lies within the requested period and the interval data covers it from its start to its end
