@uc:outage-detection
Feature: Outage detection (IEC 61968-9 clause 5.2, use cases EDE-01 to EDE-04)
  Power failure and restoration events reach the outage management system (OMS), and the OMS can ask
  for the energisation state of a meter. Around an MDM, the suite plays the head-end (which reports
  the events) and the OMS (which subscribes to them and asks). Around a head-end, it plays the OMS.
  The outage and restoration code sets are assumption UC-03; the ping noun is UC-01. After a power
  failure has arrived, the OMS watches for a repeat of it during the quiet period of the profile
  (timeouts.quietSeconds): a subscriber is told of an event once.

  @usecase:EDE-04 @pattern:P2 @edition:2024 @clause:2024:5.2
  @clause:2013:5.2.5 @role:MDM @edition:2013 @edition:draft-2011 @req:EDE-04.1
  Scenario: The MDM forwards a power failure reported by the head-end to the OMS
    Given a meter installed at a usage point
    When the head-end reports "power off" for the meter to the MDM
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    When the OMS waits for "created" "EndDeviceEvents" about the meter
    Then the message is valid against its schemas
    And the message header is conformant
    And it carries an outage event for the meter
    And the OMS is told of the event only once

  @usecase:EDE-04 @pattern:P2 @edition:2024 @clause:2024:5.2
  @clause:2013:5.2.5 @role:MDM @edition:2013 @edition:draft-2011 @req:EDE-04.2
  Scenario: The MDM forwards a power restoration reported by the head-end to the OMS
    Given a meter installed at a usage point
    When the head-end reports "power restored" for the meter to the MDM
    Then the reply is valid against its schemas
    And the reply has Result "OK"
    When the OMS waits for "created" "EndDeviceEvents" about the meter
    Then the message is valid against its schemas
    And the message header is conformant
    And it carries a restoration event for the meter

  @usecase:EDE-02 @pattern:P6 @edition:2024 @clause:2024:5.2
  @clause:2013:5.2.3 @role:MDM @edition:2013 @edition:draft-2011 @req:EDE-02.1
  Scenario: The OMS asks the MDM for the state of a meter and gets a correlated reply
    Given a meter installed at a usage point
    When the OMS asks the "MDM" for the state of the meter
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    And the reply accounts for every meter asked

  @usecase:EDE-02 @pattern:P6 @edition:2024 @clause:2024:5.2 @meters:3
  @clause:2013:5.2.3 @role:MDM @edition:2013 @edition:draft-2011 @req:EDE-02.2
  Scenario: The OMS asks the MDM for the state of several meters at once
    Given 3 meters installed at usage points
    When the OMS asks the "MDM" for the state of the meters
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    And the reply accounts for every meter asked

  @usecase:EDE-01 @pattern:P5 @edition:2024 @clause:2024:5.2
  @clause:2013:5.2.2 @role:HES @edition:2013 @edition:draft-2011 @req:EDE-01.1
  Scenario: The OMS pings a meter at the head-end
    Given a meter installed at a usage point
    When the OMS asks the "HES" for the state of the meter
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    And the reply accounts for every meter asked

  @usecase:EDE-03 @pattern:P2 @edition:2024 @clause:2024:5.2
  @clause:2013:5.2.4 @role:HES @edition:2013 @edition:draft-2011 @req:EDE-03.1 @cap:stimulus
  Scenario: The head-end publishes a power failure to the OMS
    Given a meter installed at a usage point
    When power fails at the meter in the field
    And the OMS waits for "created" "EndDeviceEvents" about the meter
    Then the message is valid against its schemas
    And the message header is conformant
    And it carries an outage event for the meter
    And the OMS is told of the event only once

  @usecase:EDE-03 @pattern:P2 @edition:2024 @clause:2024:5.2
  @clause:2013:5.2.4 @role:HES @edition:2013 @edition:draft-2011 @req:EDE-03.2 @cap:stimulus
  Scenario: The head-end publishes a power restoration to the OMS
    Given a meter installed at a usage point
    When power is restored at the meter in the field
    And the OMS waits for "created" "EndDeviceEvents" about the meter
    Then the message is valid against its schemas
    And the message header is conformant
    And it carries a restoration event for the meter
