@uc:end-device-controls
Feature: Meter connect and disconnect at the head-end (IEC 61968-9 Annex F, use cases EDC-06 and EDC-07)
  The MDM asks the head-end to open or close the contactor of a meter with create(EndDeviceControls), one
  EndDeviceControl per meter whose EndDeviceControlType is the Annex F code of the command (3.31.0.23 remote
  disconnect, 3.31.0.18 remote connect). The suite plays the MDM. The head-end's reply is checked like every
  message: its schemas, the EndDeviceControlType codes of the controls it returns (COD-CONTROL-TYPE), its header
  and its Result.
  Having accepted, the head-end tells the MDM (the suite, at <listener>/mdm/events) the outcome: created(EndDeviceEvents)
  with the switch event of the command (3.31.0.68 Disconnected / 3.31.0.42 Connected; the vendor form 0.31.26.68 /
  0.31.26.42 per CIM9-93) and/or created(EndDeviceControls) (UC-21), not dated before the request; then the final
  (disconnect) / initial (connect) register read created(MeterReadings) with reason serviceDisconnect / serviceConnect,
  taken not before the switch event (its absence is a warning by default: CIM9-94).
  The CIS may ask the head-end directly and asynchronously (EDC-07): the reply only acknowledges, and the result
  created(EndDeviceControls) follows at the ReplyAddress with the request's CorrelationID.
  The error condition of EPRI ECITP 2.09 with the head-end as SUT: a meter that obeys the switch but cannot give its
  register read — the profile's data.unreadableMeter, or a meter the optional stimulus read-unavailable makes so (and
  read-restored makes readable again after the scenario; stimulus.readUnavailable, always for the embedded SUT). The
  suite cannot cut a real meter's reading channel itself: a profile that declares neither has these scenarios not
  applicable. After the switch the MDM asks the head-end for the meter's register read (the ECITP "read request"), and
  the head-end answers a Result that is not OK — FAILED; PARTIAL is a warning by default (CIM9-243) — with code 5.7
  (expectedCodes.dataUnavailable), and tells no reading of the meter taken after the switch (EDC-HES-READ-RESULT).
  The head-end keeps the switch state of each meter: after a switch, its answer to get(EndDeviceEvents) of the meter
  from the control on shows the meter in the state the command left it — its latest switch event is the result of the
  command, not of the other command nor a failure; no switch event at all is a warning by default (CIM9-244,
  EDC-SWITCH-STATE; not in the 2011 draft generation, which has no GetEndDeviceEvents).
  The failure path of EDC-07 with the head-end as SUT: a meter whose switch fails in the field — made so by the optional
  stimulus switch-stuck (and switch-freed after the scenario; stimulus.switchFailure, always for the embedded SUT). The
  head-end accepts the asynchronous control, then its result at the ReplyAddress must say the switch failed —
  canceled(EndDeviceControls), or a FAILED reply (CIM9-300) — naming the meter and the command, never created(…)
  (EDC-FAILURE-RESULT); and it tells the failure event of the command (…84 DisconnectFailed / …67 ConnectFailed, the
  codes accepted per CIM9-301), not the success event (EDC-FAILURE-EVENT). Asked synchronously by the MDM (EDC-06.12),
  the head-end's outcome of such a switch is that failure event.

  @usecase:EDC-06 @pattern:P1 @edition:2024 @clause:2024:AnnexF
  @clause:2013:AnnexF @role:HES @edition:2013 @edition:draft-2011 @req:EDC-06.1
  Scenario Outline: The MDM asks the head-end to <command> a meter
    Given a meter installed at a usage point
    When the MDM asks the head-end to "<command>" the meter
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"

    Examples:
      | command    |
      | disconnect |
      | connect    |

  @usecase:EDC-06 @pattern:P2 @edition:2024 @clause:2024:5.4
  @clause:2013:5.4 @role:HES @edition:2013 @edition:draft-2011 @req:EDC-06.2
  Scenario Outline: The head-end tells the MDM the outcome of a <command> and the register read after it
    Given a meter installed at a usage point
    When the MDM asks the head-end to "<command>" the meter
    Then the reply has Result "OK"
    When the MDM waits for the head-end's outcome of the switch
    Then every outcome message is valid against its schemas and conformant
    And the outcome is the result of the command for the meter
    And the head-end sends the MDM the meter's register read taken after the switch

    Examples:
      | command    |
      | disconnect |
      | connect    |

  @usecase:EDC-07 @pattern:P1a @edition:2024 @clause:2024:5.4
  @clause:2013:5.4 @role:HES @edition:2013 @edition:draft-2011 @req:EDC-07.1 @cap:async
  Scenario Outline: The CIS asks the head-end to <command> a meter asynchronously and gets the correlated result at its ReplyAddress
    Given a meter installed at a usage point
    When the CIS asks the head-end to "<command>" the meter asynchronously
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    When the CIS waits for the asynchronous result of its control
    Then the message is valid against its schemas
    And the message header is conformant
    And it is the result of the control for the meter

    Examples:
      | command    |
      | disconnect |
      | connect    |

  @usecase:EDC-07 @pattern:P1a @edition:2024 @clause:2024:5.4 @cap:switch-failure
  @clause:2013:5.4 @role:HES @edition:2013 @edition:draft-2011 @req:EDC-07.2 @cap:async
  Scenario Outline: The head-end tells the CIS that the <command> of a meter whose switch fails failed, with the failure event
    Given a meter whose switch fails
    When the CIS asks the head-end to "<command>" the meter asynchronously
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    When the CIS waits for the asynchronous result of its control that failed
    Then the failure result is valid against its schemas and conformant
    And it is a failure result of the control for the meter
    And the head-end tells the MDM the failure event of the command for the meter

    Examples:
      | command    |
      | disconnect |
      | connect    |

  @usecase:EDC-06 @pattern:P2 @edition:2024 @clause:2024:5.4 @cap:switch-failure
  @clause:2013:5.4 @role:HES @edition:2013 @edition:draft-2011 @req:EDC-06.12
  Scenario Outline: The head-end tells the MDM the failure event of a <command> the switch of the meter could not carry out
    Given a meter whose switch fails
    When the MDM asks the head-end to "<command>" the meter
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "OK"
    And the head-end tells the MDM the failure event of the command for the meter

    Examples:
      | command    |
      | disconnect |
      | connect    |

  @usecase:EDC-06 @pattern:P1 @edition:2024 @clause:2024:AnnexB
  @clause:2013:AnnexB @role:HES @edition:2013 @edition:draft-2011 @req:EDC-06.3
  Scenario: The head-end refuses to connect a meter it does not know
    Given a meter unknown to the SUT
    When the MDM asks the head-end to "connect" the meter
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the reply has Result "FAILED" with the Annex B code for "unknownMeter"

  @usecase:EDC-06 @pattern:P1 @edition:2024 @clause:2024:5.4 @cap:read-unavailable
  @clause:2013:5.4 @role:HES @edition:2013 @edition:draft-2011 @req:EDC-06.10
  Scenario Outline: The head-end answers FAILED with 5.7 for the read after a <command> the meter cannot give (ECITP 2.09 error condition)
    Given a meter that switches but cannot give its register read
    When the MDM asks the head-end to "<command>" the meter
    Then the reply has Result "OK"
    When the MDM waits for the head-end's outcome of the switch
    Then the outcome is the result of the command for the meter
    When the MDM asks the head-end for the meter's register read after the switch
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the head-end answers that the read is unavailable, with a Result that is not OK and code 5.7

    Examples:
      | command    |
      | disconnect |
      | connect    |

  @usecase:EDC-06 @pattern:P5 @edition:2024 @clause:2024:5.4
  @clause:2013:5.4 @role:HES @edition:2013 @req:EDC-06.11
  Scenario Outline: The head-end's events of the meter show it <state> after the <command>
    Given a meter installed at a usage point
    When the MDM asks the head-end to "<command>" the meter
    Then the reply has Result "OK"
    When the MDM waits for the head-end's outcome of the switch
    Then the outcome is the result of the command for the meter
    When the MDM asks the head-end for the events of the meter since the control
    Then the reply is valid against its schemas
    And the reply header is conformant
    And the head-end's events show the meter in the state the command left it

    Examples:
      | command    | state        |
      | disconnect | disconnected |
      | connect    | connected    |
