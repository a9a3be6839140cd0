@uc:client-requests
Feature: Client-side systems as SUT: the CIS and the OMS (IEC 61968-9 clauses 5.2 and 5.3; MR-03, EDE-02, EDE-03)
  A CIS or an OMS sends requests only when something makes it. The suite makes it through the upper-tester
  contract (README "Testing a client-side system"; stimulus kinds http, command, simulator, manual): the order
  cis-read-request makes the CIS ask the MDM for the reading of a meter (MR-03 step 1), oms-ping makes the OMS
  ping meters through the MDM (EDE-02 step 1, with get(MeterReadings), the UC-01 default). The suite plays that
  MDM at <listener>/mdm: it answers each request with known register values and checks it with the three layers
  (schema; header; the meters and ReadingType the client was told, DOM-CLIENT-REQUEST). A request the MDM the suite
  plays has to refuse is a finding against the client. As the head-end that publishes outage events (EDE-03) the
  suite sends created(EndDeviceEvents) to the OMS, which must acknowledge each message. The messages of these legs
  are the same in both editions.
  The OMS's ping is get(MeterReadings) or get(EndDeviceEvents) with the meters and a TimeSchedule (UC-01): a ping
  scenario applies when the OMS can be told to ping that way (UC-01; CIM9-215 = both: either; the tags
  cap:ping-readings and cap:ping-events). The window of a get(EndDeviceEvents) ping must reach the moment of the order (a ping asks for
  the present state; CIM9-216, a warning by default). The order cis-history-request makes the CIS ask for the
  historical interval data of a meter over a past period [start, end) (MR-04): the request must name the interval
  ReadingType and a time range covering that period (DOM-CLIENT-PERIOD; CIM9-217 = exact: that period exactly), and
  the MDM the suite plays answers IntervalBlocks over it.
  How a CIS handles a PARTIAL or FAILED answer is observable through its upper tester: after the answer, the order
  cis-report-readings asks what the CIS holds for each meter (a reading and its value, failed, or nothing). The MDM
  the suite plays does not reach one meter (Error 4.1, PARTIAL) or any (FAILED): the CIS must hold the readings the
  answer gave, with their values (dropping those of a PARTIAL answer: CIM9-219, a warning by default), and never
  hold as read a meter the answer names in an Error (CIM9-218 = failed: it must hold it as failed), rule
  DOM-CLIENT-OUTCOME.
  The order cis-async-read-request makes the CIS ask for the reading asynchronously (P1a): AsyncReplyFlag true and a
  ReplyAddress of its own (DOM-CLIENT-ASYNC); the MDM the suite plays acknowledges (OK, 0.3) and sends the result,
  created(MeterReadings) with the request's CorrelationID, to that ReplyAddress; the CIS must acknowledge it (Result OK,
  the result's CorrelationID) and hold the reading it gave (DOM-CLIENT-OUTCOME).
  The order cis-async-history-request makes the CIS ask for the interval data of a past period asynchronously (MR-04,
  P1a): the request of cis-history-request with AsyncReplyFlag true and a ReplyAddress of its own. The MDM the suite
  plays acknowledges (OK, 0.3) and sends a result that is not complete: PARTIAL (the intervals of the first half of the
  period, Error 5.7 naming the meter for the rest) or FAILED (Error 5.7, no interval), as a reply(MeterReadings) with
  the request's CorrelationID, the standard message that carries a Result (CIM9-305). The CIS must acknowledge it
  (Result OK, the result's CorrelationID) and hold exactly the intervals it gave, none it did not give (no gap filled
  in), and never hold the meter of a FAILED result as read (DOM-CLIENT-OUTCOME; CIM9-218, CIM9-219).
  The order cis-switch-request makes the CIS ask the MDM to disconnect or connect a meter (EDC-06 step 1, UC-20 =
  create(EndDeviceControls) in 2013 and 2024): one control of the Annex F code of the command naming exactly that meter
  (EDC-CLIENT-CONTROL); the MDM the suite plays takes it for the meters it knows, then tells the CIS the completion
  (created(EndDeviceEvents) with the result event of the command, UC-21), which the CIS acknowledges.
  The order cis-direct-switch-request makes the CIS ask its head-end directly, asynchronously, to disconnect or connect a
  meter at a time (EDC-07): the suite plays that head-end at <listener>/hes. The request must be create(EndDeviceControls)
  with one control of the command's code naming exactly the meter (EDC-CLIENT-CONTROL), the time ordered as
  primaryDeviceTiming/interval/start (EDC-CLIENT-TIME; a control without a time: CIM9-303, a warning by default), and
  AsyncReplyFlag true with a ReplyAddress of the CIS (DOM-CLIENT-ASYNC). The head-end the suite plays takes it, then sends
  the result to that ReplyAddress with the request's CorrelationID: created(EndDeviceControls) when the switch was carried
  out, canceled(EndDeviceControls) when it failed. The CIS acknowledges it (Result OK, the result's CorrelationID), and
  the order cis-report-switch asks what it holds of the meter's switch: the command's state after the result of a switch
  carried out; never that state after the failure (CIM9-302 = failed: it must hold the meter failed),
  EDC-CLIENT-SWITCH-OUTCOME.
  The ECITP 2.09 error conditions with the CIS as SUT: after the completion of the switch, the MDM the suite plays tells
  the CIS that the final / initial read is missing (Result FAILED) or incomplete (PARTIAL), code 5.7 naming the meter, in
  a reply(EndDeviceControls) correlated to the CIS's request (the CIM9-260 form the reference MDM sends). The CIS
  acknowledges it (Result OK) and, asked by cis-report-readings, holds no reading of the meter from it (DOM-CLIENT-OUTCOME;
  CIM9-218 = failed: it must hold the meter failed).

  @usecase:MR-03 @pattern:P6 @edition:2024 @clause:2024:5.3
  @clause:2013:5.3.4 @role:CIS @edition:2013 @req:MR-03.C1 @cap:stimulus
  Scenario: The CIS asks the MDM the suite plays for the register reading of a meter
    Given a meter installed at a usage point
    When the CIS is told to request the register reading of the meter
    Then the MDM the suite plays receives the request
    And the request is valid against its schemas
    And the request header is conformant
    And the request asks for exactly what the client was told to ask for
    And the MDM the suite plays takes the request

  @usecase:MR-03 @pattern:P1a @edition:2024 @clause:2024:5.3
  @clause:2013:5.3.4 @role:CIS @edition:2013 @req:MR-03.C4 @cap:stimulus @cap:async
  Scenario: The CIS asks the MDM the suite plays asynchronously and takes the correlated result at its ReplyAddress
    Given a meter installed at a usage point
    When the CIS is told to request the register reading of the meter asynchronously
    Then the MDM the suite plays receives the request
    And the request is valid against its schemas
    And the request header is conformant
    And the request asks for exactly what the client was told to ask for
    And the request asks for its result at a ReplyAddress of the CIS
    And the MDM the suite plays takes the request
    When the MDM the suite plays sends the result of the request to the CIS's ReplyAddress
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    And the CIS holds the reading the asynchronous result gave, with its value

  @usecase:EDE-02 @pattern:P6 @edition:2024 @clause:2024:5.2 @meters:2
  @clause:2013:5.2.3 @role:OMS @edition:2013 @req:EDE-02.C1 @cap:stimulus @cap:ping-readings
  Scenario: The OMS pings meters through the MDM the suite plays
    Given 2 meters installed at usage points
    When the OMS is told to ping the meters
    Then the MDM the suite plays receives the request
    And the request is valid against its schemas
    And the request header is conformant
    And the request asks for exactly what the client was told to ask for
    And the MDM the suite plays takes the request

  @usecase:EDE-02 @usecase:EDE-01 @pattern:P6 @edition:2024 @clause:2024:5.2 @meters:2
  @clause:2013:5.2.3 @role:OMS @edition:2013 @req:EDE-02.C2 @cap:stimulus @cap:ping-events
  Scenario: The OMS pings meters with get(EndDeviceEvents) through the MDM the suite plays
    Given 2 meters installed at usage points
    When the OMS is told to ping the meters with get(EndDeviceEvents)
    Then the MDM the suite plays receives the request
    And the request is valid against its schemas
    And the request header is conformant
    And the request asks for exactly what the client was told to ask for
    And the ping names a time window that reaches the moment of the order
    And the MDM the suite plays takes the request

  @usecase:MR-04 @pattern:P5 @edition:2024 @clause:2024:5.3
  @clause:2013:5.3.5 @role:CIS @edition:2013 @req:MR-04.C1 @cap:stimulus
  Scenario: The CIS asks the MDM the suite plays for the historical interval data of a meter over a past period
    Given a meter installed at a usage point
    When the CIS is told to request the interval data of the meter over a past period
    Then the MDM the suite plays receives the request
    And the request is valid against its schemas
    And the request header is conformant
    And the request asks for exactly what the client was told to ask for
    And the request asks for the period the CIS was told to ask for
    And the MDM the suite plays takes the request

  @usecase:MR-04 @pattern:P5 @edition:2024 @clause:2024:5.3
  @clause:2013:5.3.5 @role:CIS @edition:2013 @req:MR-04.C2 @cap:stimulus
  Scenario: The CIS keeps every interval reading the MDM the suite plays gave for the past period, with its value
    Given a meter installed at a usage point
    When the CIS is told to request the interval data of the meter over a past period
    Then the MDM the suite plays receives the request
    And the MDM the suite plays answered the request with Result "OK"
    And the CIS holds every interval reading the answer gave, with its value

  @usecase:MR-04 @pattern:P1a @edition:2024 @clause:2024:5.3 @clause:2024:AnnexB
  @clause:2013:5.3.5 @clause:2013:AnnexB @role:CIS @edition:2013 @req:MR-04.C3 @cap:stimulus @cap:async
  Scenario: The CIS asks the MDM the suite plays asynchronously for interval data and takes a PARTIAL result at its ReplyAddress
    Given a meter installed at a usage point
    When the CIS is told to request the interval data of the meter over a past period asynchronously
    Then the MDM the suite plays receives the request
    And the request is valid against its schemas
    And the request header is conformant
    And the request asks for exactly what the client was told to ask for
    And the request asks for the period the CIS was told to ask for
    And the request asks for its result at a ReplyAddress of the CIS
    And the MDM the suite plays takes the request
    When the MDM the suite plays sends the CIS a "PARTIAL" result of the request at its ReplyAddress
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    And the CIS holds what the asynchronous result gave, and nothing it did not give

  @usecase:MR-04 @pattern:P1a @edition:2024 @clause:2024:5.3 @clause:2024:AnnexB
  @clause:2013:5.3.5 @clause:2013:AnnexB @role:CIS @edition:2013 @req:MR-04.C4 @cap:stimulus @cap:async
  Scenario: The CIS asks the MDM the suite plays asynchronously for interval data and takes a FAILED result at its ReplyAddress without holding the meter as read
    Given a meter installed at a usage point
    When the CIS is told to request the interval data of the meter over a past period asynchronously
    Then the MDM the suite plays receives the request
    And the request is valid against its schemas
    And the request header is conformant
    And the request asks for exactly what the client was told to ask for
    And the request asks for the period the CIS was told to ask for
    And the request asks for its result at a ReplyAddress of the CIS
    And the MDM the suite plays takes the request
    When the MDM the suite plays sends the CIS a "FAILED" result of the request at its ReplyAddress
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    And the CIS holds what the asynchronous result gave, and nothing it did not give

  @usecase:MR-03 @pattern:P6 @edition:2024 @clause:2024:5.3 @meters:2
  @clause:2013:5.3.4 @role:CIS @edition:2013 @req:MR-03.C2 @cap:stimulus
  Scenario: The CIS keeps the reading a PARTIAL answer gives and does not take the meter that failed as read
    Given 2 meters installed at usage points
    And the MDM the suite plays cannot read the last of the meters
    When the CIS is told to request the register readings of the meters
    Then the MDM the suite plays receives the request
    And the request asks for exactly what the client was told to ask for
    And the MDM the suite plays answered the request with Result "PARTIAL"
    And the CIS holds the reading of each meter the answer read and none of a meter it names in an Error

  @usecase:MR-03 @pattern:P6 @edition:2024 @clause:2024:5.3 @meters:2
  @clause:2013:5.3.4 @role:CIS @edition:2013 @req:MR-03.C3 @cap:stimulus
  Scenario: The CIS takes no meter as read from a FAILED answer
    Given 2 meters installed at usage points
    And the MDM the suite plays cannot read any of the meters
    When the CIS is told to request the register readings of the meters
    Then the MDM the suite plays receives the request
    And the request asks for exactly what the client was told to ask for
    And the MDM the suite plays answered the request with Result "FAILED"
    And the CIS holds the reading of each meter the answer read and none of a meter it names in an Error

  @usecase:EDE-03 @pattern:P2 @edition:2024 @clause:2024:5.2
  @clause:2013:5.2.4 @role:OMS @edition:2013 @req:EDE-03.C1
  Scenario: The OMS acknowledges a power failure the head-end the suite plays publishes
    Given a meter installed at a usage point
    When the head-end the suite plays publishes a power failure of the meter to the OMS
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"

  @usecase:EDE-03 @pattern:P2 @edition:2024 @clause:2024:5.2
  @clause:2013:5.2.4 @role:OMS @edition:2013 @req:EDE-03.C2
  Scenario: The OMS acknowledges a power restoration the head-end the suite plays publishes
    Given a meter installed at a usage point
    When the head-end the suite plays publishes a power restoration of the meter to the OMS
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"

  @usecase:EDC-06 @pattern:P1 @edition:2024 @clause:2024:5.4
  @clause:2013:5.4 @role:CIS @edition:2013 @req:EDC-06.C1 @cap:stimulus
  Scenario Outline: The CIS asks the MDM the suite plays to <command> a meter and acknowledges the completion
    Given a meter installed at a usage point
    When the CIS is told to ask the MDM to "<command>" the meter
    Then the MDM the suite plays receives the request
    And the request is valid against its schemas
    And the request header is conformant
    And the request asks for exactly what the client was told to ask for
    And the MDM the suite plays takes the request
    When the MDM the suite plays tells the CIS the completion of its control
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"

    Examples:
      | command    |
      | disconnect |
      | connect    |

  @usecase:EDC-06 @pattern:P1 @edition:2024 @clause:2024:5.4
  @clause:2013:5.4 @role:CIS @edition:2013 @req:EDC-06.C2 @cap:stimulus
  Scenario Outline: The CIS takes the MDM's <result> 5.7 for the read after its <command> (<condition> read, ECITP 2.09) and holds no reading of the meter from it
    Given a meter installed at a usage point
    When the CIS is told to ask the MDM to "<command>" the meter
    Then the MDM the suite plays receives the request
    And the request asks for exactly what the client was told to ask for
    And the MDM the suite plays takes the request
    When the MDM the suite plays tells the CIS the completion of its control
    Then the reply has Result "OK"
    When the MDM the suite plays tells the CIS that the read after the switch is <condition>
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    And the CIS holds no reading of the meter from the read that failed

    Examples:
      | command    | condition  | result  |
      | disconnect | missing    | FAILED  |
      | connect    | incomplete | PARTIAL |

  @usecase:EDC-07 @pattern:P1a @edition:2024 @clause:2024:5.4
  @clause:2013:5.4 @role:CIS @edition:2013 @req:EDC-07.C1 @cap:stimulus @cap:async
  Scenario Outline: The CIS asks the head-end the suite plays directly to <command> a meter at a time and takes the result at its ReplyAddress
    Given a meter installed at a usage point
    When the CIS is told to ask the head-end directly to "<command>" the meter at a time
    Then the head-end the suite plays receives the request
    And the request is valid against its schemas
    And the request header is conformant
    And the request asks for exactly what the client was told to ask for
    And the request names the time the CIS was told to switch at
    And the request asks for its result at a ReplyAddress of the CIS
    And the head-end the suite plays takes the request
    When the head-end the suite plays sends the result of the control to the CIS's ReplyAddress
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    And the CIS holds the meter <state> as the result gave

    Examples:
      | command    | state        |
      | disconnect | disconnected |
      | connect    | connected    |

  @usecase:EDC-07 @pattern:P1a @edition:2024 @clause:2024:5.4
  @clause:2013:5.4 @role:CIS @edition:2013 @req:EDC-07.C2 @cap:stimulus @cap:async
  Scenario Outline: The CIS takes the failure of a <command> the head-end the suite plays could not carry out and does not hold the meter <state>
    Given a meter installed at a usage point
    When the CIS is told to ask the head-end directly to "<command>" the meter at a time
    Then the head-end the suite plays receives the request
    And the request asks for exactly what the client was told to ask for
    And the request names the time the CIS was told to switch at
    And the request asks for its result at a ReplyAddress of the CIS
    And the head-end the suite plays takes the request
    When the head-end the suite plays tells the CIS's ReplyAddress that the control failed
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    And the CIS does not hold the meter <state> after the failure

    Examples:
      | command    | state        |
      | disconnect | disconnected |
      | connect    | connected    |
