@uc:pq-readings
Feature: Power-quality measurements told by the head-end to the MDM (IEC 61968-9 clause 5.2, EDE-08)
  Power quality may be told as measurements instead of events (EDE-07): after a power-quality disturbance in the field
  (the stimulus pq-measurements) the head-end tells the MDM (the suite, at <listener>/mdm/events) created(MeterReadings)
  with PQ ReadingTypes: minimum, maximum or average (field 2) of a power-quality kind (field 7: voltage, THD, frequency,
  power factor …, assumption CIM9-160), of the meter where the disturbance was caused; its values are numbers and its
  codes decode (DOM-VALUE, COD-*: the checks of every MeterReadings message). The other sequence of UC-08, the get
  form (CIM9-207): after the disturbance the network operator (the suite) asks the head-end get(MeterReadings) for the
  meter, PQ ReadingTypes (min / max / average voltage, THD, frequency, power factor) and a time window around the
  disturbance (CIM9-208); the answer is checked like the published form, every measurement within the window asked
  (EDE-PQ-WINDOW), each ReadingType asked answered (EDE-PQ-ASKED, a warning by default, CIM9-209). The MDM answers the
  get form too (CIM9-213): the suite, as the head-end, tells it the PQ measurements of a meter; then, as the network
  operator, asks it for them over their window; the answer carries each measurement told, same ReadingType, instant and
  value (EDE-PQ-KEPT), and passes the rules of the published form.

  @usecase:EDE-08 @pattern:P2 @edition:2013 @edition:2024 @clause:2013:5.2 @clause:2024:5.2
  @role:HES @req:EDE-08.1 @cap:stimulus
  Scenario: The head-end tells the MDM the power-quality measurements of a meter after a disturbance
    Given a meter installed at a usage point
    When a power-quality disturbance occurs at the meter in the field
    And the MDM waits for the power-quality measurements of the meter
    Then the message is valid against its schemas
    And the message header is conformant
    And every power-quality measurement is a minimum, maximum or average of a power-quality kind and of the meter

  @usecase:EDE-08 @pattern:P5 @edition:2013 @edition:2024 @clause:2013:5.2 @clause:2024:5.2
  @role:HES @req:EDE-08.2 @cap:stimulus @cap:pq-get
  Scenario: The head-end answers the network operator's get(MeterReadings) for the power-quality measurements of a meter after a disturbance
    Given a meter installed at a usage point
    When a power-quality disturbance occurs at the meter in the field
    And the network operator asks the head-end for the power-quality measurements of the meter over the disturbance
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    And the power-quality measurements answered are minimums, maximums or averages of a power-quality kind, of the meter, within the disturbance's window

  @usecase:EDE-08 @pattern:P5 @edition:2013 @edition:2024 @clause:2013:5.2 @clause:2024:5.2
  @role:MDM @req:EDE-08.3 @cap:pq-mdm
  Scenario: The MDM answers the network operator's get(MeterReadings) for the power-quality measurements the head-end told it
    Given a meter installed at a usage point
    When the head-end tells the MDM the power-quality measurements of the meter
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    When the network operator asks the MDM for the power-quality measurements of the meter over their time
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    And the MDM answers the power-quality measurements it was told, minimums, maximums or averages of a power-quality kind, of the meter, within the window
